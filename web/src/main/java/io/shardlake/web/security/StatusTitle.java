package io.shardlake.web.security;

import java.util.Locale;
import org.springframework.http.HttpStatus;

/** A status's reason as the title of a refusal, in the words of the API's others: {@code Bad request}, {@code Method not allowed}. */
public final class StatusTitle {

    private StatusTitle() {
    }

    public static String of(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        String reason = known == null ? "Error " + status : known.getReasonPhrase();
        return reason.charAt(0) + reason.substring(1).toLowerCase(Locale.ROOT);
    }
}
