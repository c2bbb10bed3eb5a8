package io.shardlake.engine.input;

import java.time.LocalTime;
import java.util.regex.Pattern;

/**
 * The one strict reading of values a client types (query parameters, request bodies, form
 * fields): what is not exactly the documented form is refused, never guessed. Java's own parsers
 * and Spring's conversions read {@code 0x10} and {@code +5} as numbers, an empty parameter as its
 * default, {@code 24:00} as midnight; {@code trim()} drops a trailing {@code \u0000}. Messages
 * say what is wrong and what is allowed, without the field's name (the caller adds it).
 */
public final class StrictValues {

    /** Plain decimal, an optional minus, at most 18 digits (so it fits a long): no +, 0x, spaces or _. */
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,18}");
    /** {@code HH:mm} from 00:00 to 23:59. */
    private static final Pattern TIME_OF_DAY = Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])");
    /** How much of a refused value a message repeats. */
    private static final int SHOWN = 40;

    private StrictValues() {
    }

    /** A value refused, with a message fit for the caller to put after the field's name. */
    public static final class InvalidValueException extends IllegalArgumentException {
        public InvalidValueException(String message) {
            super(message);
        }
    }

    /** @throws InvalidValueException unless {@code text} is a whole number in plain digits, e.g. {@code 20} or {@code -1} */
    public static long wholeNumber(String text) {
        if (text == null || !WHOLE_NUMBER.matcher(text).matches()) {
            throw new InvalidValueException((text == null || text.isEmpty() ? "is empty" : shown(text) + " is not a whole number")
                    + "; use digits only, e.g. 20");
        }
        return Long.parseLong(text);
    }

    /** @throws InvalidValueException unless {@code text} is a whole number from {@code min} to {@code max} */
    public static long wholeNumber(String text, long min, long max) {
        long value;
        try {
            value = wholeNumber(text);
        } catch (InvalidValueException e) {
            throw new InvalidValueException((text == null || text.isEmpty() ? "is empty" : shown(text) + " is not a whole number")
                    + "; use digits only, from " + min + " to " + max);
        }
        if (value < min || value > max) {
            throw new InvalidValueException("must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /** As {@link #wholeNumber(String, long, long)}, for an int range. */
    public static int wholeNumber(String text, int min, int max) {
        return (int) wholeNumber(text, (long) min, (long) max);
    }

    /** @throws InvalidValueException unless {@code text} is a time of day {@code HH:mm} from 00:00 to 23:59 */
    public static LocalTime timeOfDay(String text) {
        var m = TIME_OF_DAY.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new InvalidValueException(shown(text) + " is not a time of day; use HH:mm from 00:00 to 23:59, e.g. 22:00");
        }
        return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /**
     * @return {@code text} unchanged
     * @throws InvalidValueException when it holds a control character (a NUL, a line break...),
     *                               which no value this service takes contains
     */
    public static String printable(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw new InvalidValueException(shown(text) + " contains the control character " + codePoint(text.charAt(i))
                        + " at position " + (i + 1) + "; remove it");
            }
        }
        return text;
    }

    /**
     * A refused value as a message repeats it: quoted, control characters as {@code U+0000}, at
     * most 40 characters (a message never echoes a megabyte back).
     */
    public static String shown(String text) {
        if (text == null) {
            return "nothing";
        }
        StringBuilder out = new StringBuilder("'");
        int end = Math.min(text.length(), SHOWN);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? codePoint(c) : String.valueOf(c));
        }
        return out.append(text.length() > SHOWN ? "…' (" + text.length() + " characters)" : "'").toString();
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }
}
