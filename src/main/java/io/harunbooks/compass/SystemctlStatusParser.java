package io.harunbooks.compass;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import org.springframework.stereotype.Component;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sudo systemctl status keepalived|lsyncd}: the unit from the first line ({@code ● keepalived.service - …}) and
 * its {@code Active:} line ({@code active (running)}, {@code inactive (dead)}, {@code failed (Result: exit-code)}, …).
 * systemctl exits 3 for a unit that is not running: the step accepts {@code exitCodes=0,3}. «Unit x.service could not
 * be found.» is {@link UnitState#NOT_FOUND}; output without an {@code Active:} line is unparseable.
 */
@Component
public final class SystemctlStatusParser implements OutputParser<ServiceStatus> {

    private static final Pattern UNIT = Pattern.compile("^\\W*\\s*([A-Za-z0-9@._-]+\\.service)\\b", Pattern.MULTILINE);
    private static final Pattern NOT_FOUND = Pattern.compile("Unit ([A-Za-z0-9@._-]+) could not be found");
    private static final Pattern ACTIVE = Pattern.compile("^\\s*Active:\\s*(\\S+)(?:\\s+\\(([^)]*)\\))?.*$",
            Pattern.MULTILINE);

    @Override
    public String name() {
        return "compass-systemctl-status";
    }

    @Override
    public ServiceStatus parse(String output) {
        String text = Ansi.strip(output);
        Matcher missing = NOT_FOUND.matcher(text);
        if (missing.find()) {
            return new ServiceStatus(missing.group(1), UnitState.NOT_FOUND, "");
        }
        Matcher active = ACTIVE.matcher(text);
        if (!active.find()) {
            throw new UnparseableOutputException("systemctl status", "no «Active:» line", text);
        }
        Matcher unit = UNIT.matcher(text);
        String unitName = unit.find() ? unit.group(1) : "";
        String sub = active.group(2) == null ? "" : active.group(2);
        UnitState state = switch (active.group(1)) {
            case "active" -> "running".equals(sub) ? UnitState.ACTIVE_RUNNING : UnitState.ACTIVE_OTHER;
            case "inactive" -> UnitState.INACTIVE;
            case "failed" -> UnitState.FAILED;
            case "activating" -> UnitState.ACTIVATING;
            case "deactivating" -> UnitState.DEACTIVATING;
            default -> throw new UnparseableOutputException("systemctl status", "unknown state «" + active.group(1)
                    + "»", active.group(0));
        };
        return new ServiceStatus(unitName, state, active.group(0).strip());
    }
}
