package io.relationshippolicy.relationship;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.server.EmbeddedServer;
import io.relationshippolicy.policy.LinkStatus;
import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Request links (C4, C5): {@code <base>/relationship-requests/accept?partner=<id>&key=<key id>&sig=<HMAC-SHA256>}.
 * A link names the partner only, never a customer, and is the same on every call for the same partner and key;
 * any change to the partner or the signature is detected. The base is {@code POLICY_LINK_BASE_URL} (the address
 * customers open), by default the server's own address. The signature covers the partner and the key, not the
 * host: links already sent keep working when the base changes (the email check compares with the link issued
 * today, so a partner re-sends the email after such a change).
 */
@Singleton
public class RequestLinks {

    private static final Pattern SPLIT = Pattern.compile("[\\s<>\"'()\\[\\]]+");

    /** What reading a link found: its status and, when it could be read, the partner it names. */
    public record Verification(LinkStatus status, String partnerId) {
    }

    /** Where a link leads on this service: the acceptance page. */
    public static final String PATH = "/relationship-requests/accept";

    private final LinkSigningKeys keys;
    private final String configuredBase;
    private final BeanProvider<EmbeddedServer> server;

    public RequestLinks(LinkSigningKeys keys, @Nullable @Value("${policy.link.base-url:}") String configuredBase,
                        BeanProvider<EmbeddedServer> server) {
        this.keys = keys;
        this.configuredBase = configuredBase;
        this.server = server;
    }

    public String linkFor(String partnerId) {
        LinkSigningKeys.Key key = keys.current();
        return base() + PATH + "?partner=" + partnerId + "&key=" + key.id() + "&sig=" + signature(key.secret(), partnerId);
    }

    /** The address customers open, without a trailing slash: the configured base, else the server's own address. */
    public String base() {
        String base = configuredBase == null || configuredBase.isBlank()
                ? server.find(null).map(s -> s.getURL().toString()).orElse("http://localhost:8080")
                : configuredBase.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        // a base configured with the acceptance path itself (as earlier versions documented) names the same page
        if (base.endsWith(PATH)) {
            base = base.substring(0, base.length() - PATH.length());
        }
        return base;
    }

    /** Signature check only; whether the partner exists is for the caller to look up. */
    public Verification verify(String link) {
        if (link == null || link.isBlank() || link.length() > 2048) {
            return new Verification(LinkStatus.MALFORMED, null);
        }
        int query = link.indexOf('?');
        if (query < 0) {
            return new Verification(LinkStatus.MALFORMED, null);
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : link.substring(query + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                return new Verification(LinkStatus.MALFORMED, null);
            }
            String name = pair.substring(0, eq);
            String value;
            try {
                value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return new Verification(LinkStatus.MALFORMED, null);
            }
            if (params.put(name, value) != null) {
                return new Verification(LinkStatus.MALFORMED, null);
            }
        }
        String partnerId = params.get("partner");
        String keyId = params.get("key");
        String sig = params.get("sig");
        if (partnerId == null || keyId == null || sig == null || params.size() != 3) {
            return new Verification(LinkStatus.MALFORMED, null);
        }
        Optional<LinkSigningKeys.Key> key = keys.find(keyId);
        if (key.isEmpty()) {
            return new Verification(LinkStatus.BAD_SIGNATURE, null);
        }
        boolean matches = MessageDigest.isEqual(signature(key.get().secret(), partnerId).getBytes(StandardCharsets.US_ASCII),
                sig.getBytes(StandardCharsets.US_ASCII));
        if (!matches) {
            return new Verification(LinkStatus.BAD_SIGNATURE, null);
        }
        if (key.get().retired()) {
            return new Verification(LinkStatus.RETIRED_SECRET, partnerId);
        }
        return new Verification(LinkStatus.VALID, partnerId);
    }

    /** True when the text carries this exact link as one of its words (trailing sentence punctuation aside). */
    public static boolean containsExactly(String text, String link) {
        if (text == null) {
            return false;
        }
        for (String word : SPLIT.split(text)) {
            String candidate = word;
            while (!candidate.isEmpty() && ".,;:!?".indexOf(candidate.charAt(candidate.length() - 1)) >= 0) {
                candidate = candidate.substring(0, candidate.length() - 1);
            }
            if (candidate.equals(link)) {
                return true;
            }
        }
        return false;
    }

    private static String signature(byte[] secret, String partnerId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] sig = mac.doFinal(("request-link/v1|" + partnerId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
