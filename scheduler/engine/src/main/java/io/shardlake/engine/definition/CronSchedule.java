package io.shardlake.engine.definition;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * A schedule as written and its Quartz form. Accepts 5-field Unix cron (minute hour
 * day-of-month month day-of-week), 6/7-field Quartz cron (seconds first, optional year), and the
 * shorthands {@code @hourly @daily @midnight @weekly @monthly}.
 *
 * <p>Unix cron is converted, not just prefixed: Quartz needs {@code ?} in one of the day fields,
 * and numbers its weekdays 1-7 from Sunday where Unix uses 0-7 (0 and 7 both Sunday), so
 * {@code 0 2 * * 1} (Mondays) becomes {@code 0 0 2 ? * 2}.
 */
record CronSchedule(String expression, String quartz) {

    private static final Map<String, String> SHORTHANDS = new TreeMap<>(Map.of(
            "@hourly", "0 0 * * * ?",
            "@daily", "0 0 0 * * ?",
            "@midnight", "0 0 0 * * ?",
            "@weekly", "0 0 0 ? * SUN",
            "@monthly", "0 0 0 1 * ?"));

    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private static final String EXAMPLES = "e.g. \"*/15 * * * *\" (every 15 minutes), \"0 2 * * *\" (daily at 02:00) or \"@hourly\"";

    /** @throws IllegalArgumentException saying what is wrong, with examples */
    static CronSchedule parse(String text) {
        String trimmed = text.trim();
        String quartz;
        if (trimmed.startsWith("@")) {
            quartz = SHORTHANDS.get(trimmed.toLowerCase(Locale.ROOT));
            if (quartz == null) {
                throw new IllegalArgumentException("unknown shorthand '" + trimmed + "'; use one of " + String.join(", ", SHORTHANDS.keySet()));
            }
        } else {
            String[] fields = trimmed.split("\\s+");
            quartz = switch (fields.length) {
                case 5 -> fromUnix(fields);
                case 6, 7 -> String.join(" ", fields);
                default -> throw new IllegalArgumentException("'" + text + "' has " + fields.length + " fields; write 5-field Unix cron"
                        + " (minute hour day-of-month month day-of-week), 6-7 field Quartz cron or a shorthand; " + EXAMPLES);
            };
        }
        try {
            new CronExpression(quartz);
        } catch (ParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid cron expression (" + e.getMessage() + "); " + EXAMPLES);
        }
        return new CronSchedule(text, quartz);
    }

    private static String fromUnix(String[] f) {
        String dayOfMonth = f[2];
        String dayOfWeek = f[4];
        boolean anyDayOfMonth = dayOfMonth.equals("*") || dayOfMonth.equals("?");
        boolean anyDayOfWeek = dayOfWeek.equals("*") || dayOfWeek.equals("?");
        if (anyDayOfWeek) {
            dayOfMonth = anyDayOfMonth ? "*" : dayOfMonth;
            dayOfWeek = "?";
        } else if (anyDayOfMonth) {
            dayOfMonth = "?";
            dayOfWeek = quartzWeekdays(dayOfWeek);
        } else {
            // Unix runs when either day field matches; Quartz has no way to say that.
            throw new IllegalArgumentException("'" + String.join(" ", f) + "' sets both day-of-month and day-of-week, which Quartz"
                    + " cannot combine; set one of them to *");
        }
        return "0 " + f[0] + " " + f[1] + " " + dayOfMonth + " " + f[3] + " " + dayOfWeek;
    }

    /** Renumbers weekday values (not steps, not the n of {@code #n}) from Unix 0-7 to Quartz 1-7. */
    private static String quartzWeekdays(String field) {
        List<String> items = new ArrayList<>();
        for (String item : field.split(",", -1)) {
            int cut = indexOfAny(item, '/', '#');
            String days = item.substring(0, cut);
            Matcher m = NUMBER.matcher(days);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                int unix = Integer.parseInt(m.group());
                if (unix > 7) {
                    throw new IllegalArgumentException("day-of-week " + unix + " is out of range; use 0-7 (0 and 7 are Sunday) or SUN-SAT");
                }
                m.appendReplacement(out, Integer.toString(unix % 7 + 1));
            }
            m.appendTail(out);
            items.add(out + item.substring(cut));
        }
        return String.join(",", items);
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == a || s.charAt(i) == b) {
                return i;
            }
        }
        return s.length();
    }
}
