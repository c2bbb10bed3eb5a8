package io.shardlake.web.security;

import io.shardlake.engine.audit.AuditEntry;
import io.shardlake.engine.audit.AuditLog;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Logins in the audit log, which every VIEWER reads. A page login (form or OIDC) that succeeded is
 * recorded with the user's name. A refused password (login page or HTTP Basic) and a throttling
 * that began ({@link LoginThrottle}) are recorded as {@value #ANONYMOUS} with the client address,
 * never with the name typed: nothing vouches for that name, and it is often a password typed into
 * the wrong field or a colleague's misspelt name; what a reader can act on is when and from where.
 * Attempts refused while throttled are not recorded (the throttling is, once). API requests that
 * authenticate are not logins and are not recorded (every Basic request would be).
 */
@Component
class LoginAudit {

    /** The actor of what happened before anyone was authenticated. */
    static final String ANONYMOUS = "anonymous";

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
        if (e.getAuthentication() instanceof UsernamePasswordAuthenticationToken attempt) {
            String why = e.getException() instanceof BadCredentialsException ? "wrong user name or password"
                    : e.getException().getClass().getSimpleName();
            audit.record(new AuditEntry(ANONYMOUS, "login.failure", ClientAddress.of(attempt), why));
        }
    }

    /** A throttling of {@code client} began. */
    void throttled(String client, LoginThrottle.Throttling throttling) {
        String held = throttling.scope() == LoginThrottle.Scope.CLIENT
                ? "too many refused logins from this address: every login from it"
                : "too many refused logins of one user name from this address: that name from it";
        audit.record(new AuditEntry(ANONYMOUS, "login.throttle", client, held + " is refused unchecked until " + throttling.until()));
    }
}
