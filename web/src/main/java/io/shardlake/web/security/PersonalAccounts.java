package io.shardlake.web.security;

import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;

/**
 * Which signed-in names belong to one person, so that a choice (the time zone of the pages) can be
 * kept for them with the service: every configured local user and every OIDC user, but not the
 * quick start's demo accounts, which many visitors share (their choices stay in each browser).
 */
public final class PersonalAccounts {

    private final Set<String> shared;

    /** @param shared the names many people sign in with: the demo accounts, while they are the service's users */
    public PersonalAccounts(Set<String> shared) {
        this.shared = Set.copyOf(shared);
    }

    /** The signed-in person's name; empty for a visitor who has not signed in and for a shared account. */
    public Optional<String> person(Authentication signedIn) {
        CurrentUser user = CurrentUser.of(signedIn);
        return user == null || shared.contains(user.name()) ? Optional.empty() : Optional.of(user.name());
    }
}
