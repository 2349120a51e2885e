package io.harunbooks.compass;

/**
 * What {@code create_team.py -dst …} reports: «В выводе будет указан id, назначенный новому пространству».
 *
 * @param id          the new space's id
 * @param backupName  the backup to restore on the inactive server: {@code reserve_company_<id>}
 */
public record CreatedTeam(long id, String backupName) {

    public static CreatedTeam of(long id) {
        return new CreatedTeam(id, "reserve_company_" + id);
    }
}
