package io.harunbooks.compass;

/**
 * What {@code check_current_master_server.py} says about the server it runs on.
 *
 * @param master  «Данный сервер является активным мастер сервером»; false for «Данный сервер НЕ является активным
 *                мастер сервером»
 * @param message the script's line, without colours
 */
public record MasterServerCheck(boolean master, String message) {
}
