package io.harunbooks.compass;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import org.springframework.stereotype.Component;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sudo python3 script/create_team.py -dst <user>@<reserve_ip>:/home/<user>/backups/}: the id of the new space,
 * from the last line naming it ({@code ID пространства: 2}, {@code id: 2}). The seed shows no output: the format is
 * the lab's ({@code fixtures/compass/create-team/lab-*.txt}). No id is unparseable.
 */
@Component
public final class CreateTeamParser implements OutputParser<CreatedTeam> {

    private static final Pattern ID = Pattern.compile("(?iu)\\bid\\b(?:\\s+(?:пространства|команды))?\\s*[:=]\\s*(\\d+)");

    @Override
    public String name() {
        return "compass-create-team";
    }

    @Override
    public CreatedTeam parse(String output) {
        String text = Ansi.strip(output);
        Matcher m = ID.matcher(text);
        Long id = null;
        while (m.find()) {
            id = Long.valueOf(m.group(1));
        }
        if (id == null) {
            throw new UnparseableOutputException("create_team.py", "no id of the new space", text);
        }
        return CreatedTeam.of(id);
    }
}
