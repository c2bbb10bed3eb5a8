package io.shardlake.web.api;

import java.security.Principal;

/** Who asked for an action, as recorded with it. */
public final class Callers {

    private Callers() {
    }

    public static String name(Principal who) {
        return who == null ? "api" : who.getName();
    }
}
