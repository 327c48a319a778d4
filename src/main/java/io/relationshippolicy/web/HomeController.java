package io.relationshippolicy.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.swagger.v3.oas.annotations.Hidden;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.ModelAndView;

import java.util.Map;

/** The start page: what the service is for, and where each kind of user goes next. */
@Hidden
@Controller
@Produces(MediaType.TEXT_HTML)
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
public class HomeController {

    private final Pages pages;

    public HomeController(Pages pages) {
        this.pages = pages;
    }

    @Get
    public MutableHttpResponse<ModelAndView<Map<String, Object>>> home(HttpRequest<?> request, @Nullable @QueryValue("signed-out") String signedOut) {
        return pages.render(request, "home", Pages.model("signedOut", signedOut != null));
    }
}
