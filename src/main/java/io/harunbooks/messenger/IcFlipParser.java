package io.harunbooks.messenger;

import io.harunbooks.engine.OutputParser;
import org.springframework.stereotype.Component;

import java.util.regex.Pattern;

/** {@code ic flip <full slave name>}: succeeded when the answer says {@code started} or {@code OK}. */
@Component
public final class IcFlipParser implements OutputParser<FlipResult> {

    private static final Pattern SUCCESS = Pattern.compile("\\bstarted\\b|\\bOK\\b");

    @Override
    public String name() {
        return "ic-flip";
    }

    @Override
    public FlipResult parse(String output) {
        return new FlipResult(SUCCESS.matcher(output).find(), output.strip());
    }
}
