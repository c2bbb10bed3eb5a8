package io.shardlake.web.security;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The login page ({@code templates/login.html}): a user name and password form in local mode (it
 * posts to Spring Security's {@code POST /login}), the provider's link in oidc mode.
 */
@Hidden // a page, not part of the API document
@Controller
class LoginController {

    record Provider(String name, String url) {
    }

    private final SecurityProperties properties;
    private final ObjectProvider<ClientRegistrationRepository> registrations;

    LoginController(SecurityProperties properties, ObjectProvider<ClientRegistrationRepository> registrations) {
        this.properties = properties;
        this.registrations = registrations;
    }

    @GetMapping("/login")
    String login(@RequestParam(required = false) String error, @RequestParam(required = false) String logout, Model model,
                 HttpServletRequest request) {
        boolean oidc = properties.mode() == SecurityProperties.Mode.OIDC;
        model.addAttribute("oidc", oidc);
        model.addAttribute("providers", oidc ? providers() : List.of());
        model.addAttribute("failed", error != null);
        model.addAttribute("throttled", error != null && lastFailure(request) instanceof LoginThrottledException);
        model.addAttribute("loggedOut", logout != null);
        return "login";
    }

    /** Why the last login of this session failed, as Spring Security left it there. */
    private static Object lastFailure(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
    }

    private List<Provider> providers() {
        List<Provider> out = new ArrayList<>();
        if (registrations.getIfAvailable() instanceof Iterable<?> all) {
            for (Object o : all) {
                ClientRegistration r = (ClientRegistration) o;
                out.add(new Provider(r.getClientName(), "/oauth2/authorization/" + r.getRegistrationId()));
            }
        }
        return out;
    }
}
