package io.harunbooks.ganeti;

import io.harunbooks.engine.UnparseableOutputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Ganeti parsers on the seed's kernel log and on the lab's (simulation-generated, {@code sim-*}) outputs. */
class GanetiParsersTest {

    @Test
    void dmesgOfTheSeedNamesMinors21And22() {
        SplitBrainLog log = new DmesgSplitBrainParser().parse(fixture("ganeti/dmesg/split-brain-drbd21-drbd22.txt"));

        assertThat(log.detected()).isTrue();
        assertThat(log.minors()).containsExactly(21, 22);
        assertThat(log.minorsText()).isEqualTo("21,22");
        assertThat(log.lines()).containsExactly(
                "[10893282.080754] block drbd21: Split-Brain detected but unresolved, dropping connection!",
                "[10893282.713157] block drbd22: Split-Brain detected but unresolved, dropping connection!");
    }

    @Test
    void theSeedsTwoLineExcerptNamesMinor22() {
        assertThat(new DmesgSplitBrainParser().parse(fixture("ganeti/dmesg/seed-excerpt-drbd22.txt")).minors())
                .containsExactly(22);
    }

    @Test
    void aQuietKernelLogHasNoSplitBrain() {
        SplitBrainLog log = new DmesgSplitBrainParser().parse("[ 1.000] Linux version 3.2.0\n[ 2.000] block drbd21: "
                + "conn( WFConnection -> WFReportParams ) \n");
        assertThat(log.detected()).isFalse();
        assertThat(new DmesgSplitBrainParser().parse("").minors()).isEmpty();
    }

    @Test
    void nodeListOfAHealthyCluster() {
        GanetiNodes nodes = new GntNodeListParser().parse(fixture("ganeti/gnt-node-list/sim-healthy.txt"));

        assertThat(nodes.nodes()).containsExactly(new GanetiNode("gnt1", GanetiNode.NodeRole.MASTER, 2, 1),
                new GanetiNode("gnt2", GanetiNode.NodeRole.CANDIDATE, 1, 2));
        assertThat(nodes.master()).isEqualTo("gnt1");
        assertThat(nodes.roleOf("gnt2")).isEqualTo("CANDIDATE");
        assertThat(nodes.roleOf("gnt9")).isEqualTo("ABSENT");
        assertThat(nodes.summary()).startsWith("gnt1: MASTER, 2 primary, 1 secondary instance(s)");
    }

    @Test
    void nodeListWithAnOfflineNodeAndUnknownCounts() {
        GanetiNodes nodes = new GntNodeListParser().parse(fixture("ganeti/gnt-node-list/sim-node-offline.txt"));
        assertThat(nodes.offline("gnt2")).isTrue();
        assertThat(nodes.offline("gnt1")).isFalse();

        GanetiNodes star = new GntNodeListParser().parse("Node Role Pinst Sinst\ngnt1.example.org M 2 1\n"
                + "gnt2.example.org O * *\n");
        assertThat(star.node("gnt2").orElseThrow().primaries()).isZero();
        assertThat(star.master()).isEqualTo("gnt1");
    }

    @Test
    void instanceListOfAHealthyClusterAndAfterANodeCrash() {
        GanetiInstances healthy = new GntInstanceListParser().parse(fixture("ganeti/gnt-instance-list/sim-healthy.txt"));
        assertThat(healthy.primaryOn("gnt1")).containsExactly("web1", "mail1");
        assertThat(healthy.secondaryOn("gnt1")).containsExactly("db1");
        assertThat(healthy.allRunning()).isTrue();

        GanetiInstances down = new GntInstanceListParser().parse(fixture("ganeti/gnt-instance-list/sim-node-down.txt"));
        assertThat(down.notRunning()).containsExactly("db1");
        assertThat(down.instances().get(2)).isEqualTo(new GanetiInstance("db1", "gnt2", "gnt1", "ERROR_nodedown"));
        assertThat(down.summary()).contains("db1: primary gnt2, secondary gnt1, ERROR_nodedown");
    }

    @Test
    void getmasterGivesTheShortName() {
        assertThat(new GntClusterGetmasterParser().parse(fixture("ganeti/gnt-cluster-getmaster/sim-gnt1.txt")))
                .isEqualTo("gnt1");
        assertThat(new GntClusterGetmasterParser().parse("gnt2.example.org\n")).isEqualTo("gnt2");
    }

    @Test
    void mdstatCleanDegradedAndRecovering() {
        MdstatParser parser = new MdstatParser();
        MdStat clean = parser.parse(fixture("ganeti/mdstat/sim-clean.txt"));
        assertThat(clean.allClean()).isTrue();
        assertThat(clean.array("md1").members()).containsExactly("sdb2", "sda2");

        MdStat degraded = parser.parse(fixture("ganeti/mdstat/sim-degraded.txt"));
        assertThat(degraded.degradedArrays()).containsExactly("md0", "md1", "md2");
        assertThat(degraded.array("md2").mask()).isEqualTo("U_");
        assertThat(degraded.array("md2").memberOn("sda")).isEqualTo("sda3");
        assertThat(degraded.diskInUse("sdb")).isFalse();
        assertThat(degraded.diskInUse("sda")).isTrue();

        MdStat recovering = parser.parse(fixture("ganeti/mdstat/sim-recovery-started.txt"));
        assertThat(recovering.syncingArrays()).containsExactly("md0");
        assertThat(recovering.array("md0").progress()).isEqualTo(0.0);
        assertThat(recovering.array("md0").recovery()).isEqualTo("recovery");
        assertThat(recovering.allClean()).isFalse();
        assertThat(recovering.summary()).contains("md0: raid1 [U_] sdb1 sda1, recovery 0.0%");
    }

    @Test
    void mdstatWithAFailedMemberAndAProgressLine() {
        MdStat stat = new MdstatParser().parse("""
                Personalities : [raid1]
                md1 : active raid1 sdb2[2](F) sda2[0]
                      1950656 blocks super 1.2 [2/1] [U_]
                      [=====>...............]  recovery = 28.4% (554112/1950656) finish=0.1min speed=184704K/sec

                unused devices: <none>
                """);
        assertThat(stat.array("md1").failed()).containsExactly("sdb2");
        assertThat(stat.array("md1").members()).containsExactly("sda2");
        assertThat(stat.array("md1").progress()).isEqualTo(28.4);
    }

    @Test
    void fdiskShowsBothModelsAndThePartitionsOfTheCopy() {
        DiskList fresh = new FdiskListParser().parse(fixture("ganeti/fdisk-list/sim-new-disk-sdb.txt"));
        assertThat(fresh.modelOf("sda")).isEqualTo("WDC WD5003ABYX-01WERA1");
        assertThat(fresh.modelOf("/dev/sdb")).isEqualTo("WDC WD5003ABYX-01WERA1");
        assertThat(fresh.partitionCount("sdb")).isZero();
        assertThat(fresh.partitionCount("sda")).isEqualTo(3);
        assertThat(fresh.bytesOf("sdb")).isEqualTo(500107862016L);
        assertThat(fresh.modelOf("sdc")).isEqualTo("(no such disk)");

        DiskList copied = new FdiskListParser().parse(fixture("ganeti/fdisk-list/sim-partitioned.txt"));
        assertThat(copied.disk("sdb").partitions()).containsExactly("/dev/sdb1", "/dev/sdb2", "/dev/sdb3");
    }

    @Test
    void oldFdiskWithoutModelLine() {
        DiskList old = new FdiskListParser().parse("""

                Disk /dev/sda: 500.1 GB, 500107862016 bytes
                255 heads, 63 sectors/track, 60801 cylinders
                   Device Boot      Start         End      Blocks   Id  System
                /dev/sda1   *           1          61      487424   fd  Linux raid autodetect
                """);
        assertThat(old.modelOf("sda")).isEqualTo("(not printed)");
        assertThat(old.partitionCount("sda")).isEqualTo(1);
    }

    @Test
    void outputsThatDoNotFitAreRefused() {
        assertThatThrownBy(() -> new GntNodeListParser().parse("Cannot communicate with the master daemon.\n"))
                .isInstanceOf(UnparseableOutputException.class);
        assertThatThrownBy(() -> new GntInstanceListParser().parse("Instance Primary_node Secondary_Nodes Status\nweird\n"))
                .isInstanceOf(UnparseableOutputException.class);
        assertThatThrownBy(() -> new GntClusterGetmasterParser().parse("gnt1\ngnt2\n"))
                .isInstanceOf(UnparseableOutputException.class);
        assertThatThrownBy(() -> new MdstatParser().parse("nothing"))
                .isInstanceOf(UnparseableOutputException.class);
        assertThatThrownBy(() -> new FdiskListParser().parse("fdisk: cannot open /dev/sdb\n"))
                .isInstanceOf(UnparseableOutputException.class);
    }

    static Stream<String> fixtures() {
        return Stream.of("dmesg", "gnt-node-list", "gnt-instance-list", "gnt-cluster-getmaster", "mdstat", "fdisk-list")
                .flatMap(dir -> io.harunbooks.support.Fixtures.all("ganeti/" + dir).stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyFixtureParses(String path) {
        String dir = path.split("/")[1];
        io.harunbooks.engine.OutputParser<?> parser = switch (dir) {
            case "dmesg" -> new DmesgSplitBrainParser();
            case "gnt-node-list" -> new GntNodeListParser();
            case "gnt-instance-list" -> new GntInstanceListParser();
            case "gnt-cluster-getmaster" -> new GntClusterGetmasterParser();
            case "mdstat" -> new MdstatParser();
            default -> new FdiskListParser();
        };
        assertThatCode(() -> parser.parse(fixture(path))).doesNotThrowAnyException();
        assertThat(List.of(parser.name())).containsAnyOf("dmesg-split-brain", "gnt-node-list", "gnt-instance-list",
                "gnt-cluster-getmaster", "mdstat", "fdisk-list");
    }
}
