package io.shardlake.web.security;

import io.shardlake.engine.audit.AuditEntry;
import io.shardlake.engine.audit.AuditLog;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureLockedEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Logins in the audit log, with the user name only: each page login (form or OIDC) that
 * succeeded, and each password that was refused, on the login page or over HTTP Basic. API
 * requests that authenticate are not logins and are not recorded (every Basic request would be).
 */
@Component
class LoginAudit {

    private final AuditLog audit;

    LoginAudit(AuditLog audit) {
        this.audit = audit;
    }

    @EventListener
    void succeeded(InteractiveAuthenticationSuccessEvent e) {
        String name = e.getAuthentication().getName();
        audit.record(new AuditEntry(name, "login.success", name, ""));
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent e) {
        if (e instanceof AuthenticationFailureLockedEvent) {
            return; // refused before the password was looked at; the lockout itself is recorded once (LoginThrottling)
        }
        if (e.getAuthentication() instanceof UsernamePasswordAuthenticationToken attempt && attempt.getName() != null) {
            // the name as typed (it may be no user); never the credentials
            audit.record(new AuditEntry(attempt.getName(), "login.failure", attempt.getName(), e.getException().getClass().getSimpleName()));
        }
    }
}
