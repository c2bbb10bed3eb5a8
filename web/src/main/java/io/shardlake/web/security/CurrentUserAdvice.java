package io.shardlake.web.security;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** {@code currentUser} (name, roles) for every page; the layout's header shows it. Not for the JSON API. */
@ControllerAdvice(basePackages = {"io.shardlake.web.ui", "io.shardlake.web.security"})
class CurrentUserAdvice {

    @ModelAttribute("currentUser")
    CurrentUser currentUser() {
        return CurrentUser.of(SecurityContextHolder.getContext().getAuthentication());
    }
}
