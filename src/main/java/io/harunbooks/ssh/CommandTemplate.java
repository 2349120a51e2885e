package io.harunbooks.ssh;

import io.harunbooks.engine.NonRetriableException;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command line with {@code {{variable}}} placeholders, as written in a model's {@code command} input. Each value is
 * checked and shell-quoted by {@link ShellQuoting}; a missing variable stops the step with its name.
 */
public final class CommandTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    private CommandTemplate() {
    }

    public static String render(String template, Function<String, Object> variables) {
        return render(template, variables, ShellQuoting::quote);
    }

    /** Text with placeholders that does not reach a shell (a script's standard input): values checked, not quoted. */
    public static String renderText(String template, Function<String, Object> variables) {
        return render(template.replace("\\n", "\n"), variables, java.util.function.UnaryOperator.identity());
    }

    /**
     * An {@code expect} pattern with placeholders: each value is checked like a command value, then inserted as a
     * literal ({@link Pattern#quote}).
     */
    public static Pattern renderPattern(String template, Function<String, Object> variables, int flags) {
        return Pattern.compile(render(template, variables, Pattern::quote), flags);
    }

    private static String render(String template, Function<String, Object> variables,
                                 java.util.function.UnaryOperator<String> quoting) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            Object value = variables.apply(name);
            if (value == null) {
                throw new NonRetriableException("command template needs variable '" + name + "', which is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(quoting.apply(ShellQuoting.check(name, value))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
