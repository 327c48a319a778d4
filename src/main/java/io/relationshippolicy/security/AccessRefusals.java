package io.relationshippolicy.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteInfo;
import io.relationshippolicy.system.Logs;
import io.relationshippolicy.system.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.TreeSet;

/**
 * Every access-control refusal (401: no or a bad token; 403: a role or tenant the route does not admit),
 * whether security or a controller's tenant check refused, is counted as
 * {@code policy_access_denied_total{status, route}} and written as one line of the service log. Refusals
 * are not decisions: they never reach the decision log.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class AccessRefusals implements Ordered {

    public static final String METER = "policy.access.denied";
    private static final Logger LOG = LoggerFactory.getLogger(AccessRefusals.class);

    private final MeterRegistry meters;

    public AccessRefusals(MeterRegistry meters) {
        this.meters = meters;
    }

    @ResponseFilter
    public void afterResponse(HttpRequest<?> request, MutableHttpResponse<?> response) {
        int status = response.code();
        if (status != 401 && status != 403) {
            return;
        }
        String route = request.getMethodName() + " " + RouteAttributes.getRouteInfo(request)
                .filter(UriRouteInfo.class::isInstance)
                .map(info -> ((UriRouteInfo<?, ?>) info).getUriMatchTemplate().toPathString())
                .orElse("unmatched");
        Counter.builder(METER)
                .description("Requests refused by access control (401 no or invalid token, 403 role or tenant not allowed)")
                .tag("status", Integer.toString(status))
                .tag("route", route)
                .register(meters)
                .increment();
        String caller = request.getUserPrincipal(Authentication.class)
                .map(a -> "sub=" + Logs.safe(a.getName()) + " tenant=" + Logs.safe(a.getAttributes().get("tenant"))
                        + " roles=" + Logs.safe(new TreeSet<>(a.getRoles())))
                .orElse("no authenticated caller");
        String reason = response.getBody(Problem.class).map(Problem::detail).orElse("");
        LOG.warn("Access refused {} {} ({}) path={} {}: {}", status, route, caller, Logs.safe(request.getPath()),
                remote(request), Logs.safe(reason));
    }

    private static String remote(HttpRequest<?> request) {
        return "from=" + Logs.safe(request.getRemoteAddress().getAddress() == null ? request.getRemoteAddress().getHostString()
                : request.getRemoteAddress().getAddress().getHostAddress());
    }

    @Override
    public int getOrder() {
        // outside the security filter, so its 401/403 answers are seen as well as the controllers' 403
        return ServerFilterPhase.METRICS.order();
    }
}
