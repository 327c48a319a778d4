package io.relationshippolicy.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.views.ModelAndView;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What every page's template needs besides its own model: who is signed in, the form token for its forms,
 * its language and the switcher's links. A page controller builds its model and hands it here to render.
 */
@Singleton
public class Pages {

    /** One entry of the language switcher. */
    public record Language(String tag, String label, String href, boolean current) {
    }

    private static final Map<String, String> LABELS = Map.of("en", "English", "pt-BR", "Português (Brasil)", "fr", "Français");

    private final FormTokens formTokens;
    private final DemoSignIn demo;

    public Pages(FormTokens formTokens, DemoSignIn demo) {
        this.formTokens = formTokens;
        this.demo = demo;
    }

    public MutableHttpResponse<ModelAndView<Map<String, Object>>> render(HttpRequest<?> request, String view, Map<String, Object> model) {
        return render(request, HttpStatus.OK, view, model);
    }

    public MutableHttpResponse<ModelAndView<Map<String, Object>>> render(HttpRequest<?> request, HttpStatus status, String view,
                                                                       Map<String, Object> model) {
        MutableHttpResponse<ModelAndView<Map<String, Object>>> response = HttpResponse.status(status);
        Map<String, Object> all = new HashMap<>(common(request, response));
        all.putAll(model);
        return response.body(new ModelAndView<>(view, all));
    }

    public Map<String, Object> common(HttpRequest<?> request, MutableHttpResponse<?> response) {
        Locale locale = PageLocaleResolver.locale(request);
        Map<String, Object> model = new HashMap<>();
        Optional<PageSession> session = session(request);
        model.put("session", session.orElse(null));
        model.put("formToken", formTokens.tokenFor(request, response));
        model.put("formField", FormTokens.FIELD);
        model.put("lang", PageLocaleResolver.tag(locale));
        model.put("languages", languages(request, PageLocaleResolver.tag(locale)));
        model.put("path", request.getPath());
        model.put("demoSignIn", demo.enabled());
        return model;
    }

    public Optional<PageSession> session(HttpRequest<?> request) {
        return request.getAttribute(PageAuthentication.SESSION_ATTRIBUTE, PageSession.class);
    }

    /** The signed-in session; pages secured by role are only reached with one. */
    public PageSession requireSession(HttpRequest<?> request) {
        return session(request).orElseThrow(() -> new IllegalStateException("a secured page was reached without a session"));
    }

    static List<Language> languages(HttpRequest<?> request, String current) {
        String kept = PageSecurity.queryWithoutLanguage(request);
        List<Language> languages = new ArrayList<>();
        for (String tag : PageLocaleResolver.TAGS) {
            String query = (kept.isEmpty() ? "" : kept + "&") + PageLocaleResolver.PARAMETER + "=" + tag;
            languages.add(new Language(tag, LABELS.get(tag), request.getPath() + "?" + query, tag.equals(current)));
        }
        return languages;
    }

    /** Model entries, for pages that pass a few values. */
    public static Map<String, Object> model(Object... keysAndValues) {
        Map<String, Object> model = new HashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            model.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return model;
    }

    /** A form value, trimmed; {@code null} when absent. */
    public static @Nullable String field(Map<String, ?> form, String name) {
        Object value = form == null ? null : form.get(name);
        if (value instanceof List<?> list) {
            value = list.isEmpty() ? null : list.get(0);
        }
        return value == null ? null : value.toString().trim();
    }

    /** Every value of a repeated form field (checkboxes), trimmed, blanks left out. */
    public static List<String> fields(Map<String, ?> form, String name) {
        Object value = form == null ? null : form.get(name);
        List<String> values = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> values.add(String.valueOf(v).trim()));
        } else if (value != null) {
            values.add(value.toString().trim());
        }
        values.removeIf(String::isEmpty);
        return values;
    }
}
