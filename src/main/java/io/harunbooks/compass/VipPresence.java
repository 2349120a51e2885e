package io.harunbooks.compass;

/**
 * What {@code ip a | grep <VIP>} (or {@code ip addr show | grep <VIP>}) printed on a server: the seed's «Если команды
 * выдаст результат - сервер, на котором она выполнялась, является активным».
 *
 * @param held  the output names the address: this server holds the VIP
 * @param lines the matching lines ({@code inet <VIP>/32 scope global eth0}), empty when not held
 */
public record VipPresence(boolean held, String lines) {
}
