package io.shardlake.connectors.source;

import java.util.regex.Pattern;

/**
 * JDBC URLs as they may be shown or logged: a password in the URL ({@code ?password=...},
 * {@code ;password=...}, {@code user:password@host}) is replaced by {@code ***}.
 */
public final class JdbcUrls {

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;]\\w*password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?;]*:)[^/@?;]*@");

    private JdbcUrls() {
    }

    public static String redact(String jdbcUrl) {
        if (jdbcUrl == null) {
            return null;
        }
        String out = PASSWORD_PARAMETER.matcher(jdbcUrl).replaceAll("$1***");
        return USER_INFO.matcher(out).replaceAll("$1***@");
    }
}
