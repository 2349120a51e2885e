package io.harunbooks.compass;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import org.springframework.stereotype.Component;

/**
 * {@code sudo python3 script/replication/check_current_master_server.py}: «Данный сервер является активным мастер
 * сервером» or «Данный сервер НЕ является активным мастер сервером» (the seed: «Если скрипт показал, что сервер
 * является master, значит это основной сервер»). Anything else (e.g. «Не найден файл со значениями для деплоя») is
 * unparseable.
 */
@Component
public final class CheckCurrentMasterServerParser implements OutputParser<MasterServerCheck> {

    static final String IS_MASTER = "Данный сервер является активным мастер сервером";
    static final String IS_NOT_MASTER = "Данный сервер НЕ является активным мастер сервером";

    @Override
    public String name() {
        return "compass-check-master";
    }

    @Override
    public MasterServerCheck parse(String output) {
        String text = Ansi.strip(output);
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.contains(IS_NOT_MASTER)) {
                return new MasterServerCheck(false, l);
            }
            if (l.contains(IS_MASTER)) {
                return new MasterServerCheck(true, l);
            }
        }
        throw new UnparseableOutputException("check_current_master_server.py",
                "neither «" + IS_MASTER + "» nor «" + IS_NOT_MASTER + "»", text);
    }
}
