package io.harunbooks.lab;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The REST surface of the lab with standalone MockMvc: no application context, so the test does not depend on the
 * rest of the application's configuration (security filters, engine). The lab is not started: the controller only
 * needs its simulations.
 */
class LabControllerTest {

    @TempDir
    Path dir;

    private LabCluster lab;
    private MockMvc mvc;

    @BeforeEach
    void setUp() {
        lab = new LabCluster(LabProperties.of(dir, 0));
        mvc = MockMvcBuilders.standaloneSetup(new LabController(lab)).build();
    }

    @Test
    void getShowsTheStateOfEveryNode() throws Exception {
        // Given a command the lab received
        lab.simulation("msg-lab").orElseThrow().execute("vkt03", "systemctl is-active ctlr-1");
        // When / Then
        mvc.perform(get("/api/lab/clusters/msg-lab"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.lastInjectedFault").value("healthy"))
                .andExpect(jsonPath("$.topologyOk").value(true))
                .andExpect(jsonPath("$.nodes[0].name").value("vkt03"))
                .andExpect(jsonPath("$.nodes[0].role").value("MAIN"))
                .andExpect(jsonPath("$.nodes[0].running").value(true))
                .andExpect(jsonPath("$.nodes[0].enabled").value(true))
                .andExpect(jsonPath("$.nodes[0].dataDirs[0]").value("/data/ctlr-1"))
                .andExpect(jsonPath("$.nodes[0].owner").value("quantum"))
                .andExpect(jsonPath("$.nodes[0].recentCommands[0].command").value("systemctl is-active ctlr-1"))
                .andExpect(jsonPath("$.nodes[0].recentCommands[0].exit").value(0))
                .andExpect(jsonPath("$.nodes[1].name").value("vkt04"))
                .andExpect(jsonPath("$.nodes[1].role").value("REPLICA"));
    }

    @Test
    void postFaultInjectsItAndReturnsTheNewState() throws Exception {
        mvc.perform(post("/api/lab/clusters/msg-lab/faults/replica-lost"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.lastInjectedFault").value("replica-lost"))
                .andExpect(jsonPath("$.topologyOk").value(false))
                .andExpect(jsonPath("$.nodes[1].running").value(false))
                .andExpect(jsonPath("$.nodes[1].dataBroken").value(true));
        assertThat(lab.simulation("msg-lab").orElseThrow().node("vkt04").running()).isFalse();
    }

    @Test
    void serviceFaultShowsInTheServicesSection() throws Exception {
        mvc.perform(post("/api/lab/clusters/msg-lab/faults/tarantool-replication-stopped"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.lastInjectedFault").value("tarantool-replication-stopped"))
                .andExpect(jsonPath("$.topologyOk").value(true))
                .andExpect(jsonPath("$.services.tarantool.badger.instance").value("badger-3"))
                .andExpect(jsonPath("$.services.tarantool.badger.mainHost").value("vkt04"))
                .andExpect(jsonPath("$.services.tarantool.badger.slaveHost").value("vkt03"))
                .andExpect(jsonPath("$.services.tarantool.badger.slaveSrv").value("badger.vkt03.badger-3"))
                .andExpect(jsonPath("$.services.tarantool.badger.replicating").value(false))
                .andExpect(jsonPath("$.services.tarantool.badger.flips").value(0))
                .andExpect(jsonPath("$.services.tarantool.badger.restarts.vkt04").value(0))
                .andExpect(jsonPath("$.services.kust.cox.replicating").value(true))
                .andExpect(jsonPath("$.services.mysql.files.replicaStatus").value("ok"))
                .andExpect(jsonPath("$.services.mysql.files.podReady").value("5/5"))
                .andExpect(jsonPath("$.services.autoflip.fate.enabled").value(true));
        mvc.perform(post("/api/lab/clusters/msg-lab/faults/mysql-broken-replica"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.services.tarantool.badger.replicating").value(true))
                .andExpect(jsonPath("$.services.mysql.files.replicaStatus").value("broken"))
                .andExpect(jsonPath("$.services.mysql.files.replica")
                        .value("files-mysql-mysql-cluster-im-db-mysql-1.mysql.files:3306"));
    }

    @Test
    void unknownClusterIs404NamingTheLabClusters() throws Exception {
        mvc.perform(get("/api/lab/clusters/nope"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error").value(containsString("msg-lab")));
        mvc.perform(post("/api/lab/clusters/nope/faults/healthy"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error").value(containsString("'nope'")));
    }

    @Test
    void unknownFaultIs400NamingTheValidFaults() throws Exception {
        mvc.perform(post("/api/lab/clusters/msg-lab/faults/disk-full"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value(containsString("healthy, replica-lost, two-masters")))
                .andExpect(jsonPath("$.error").value(containsString("kust-replica-failed")))
                .andExpect(jsonPath("$.error").value(containsString("autoflip-blocked-kust-broken")));
        assertThat(lab.simulation("msg-lab").orElseThrow().state().lastInjectedFault()).isEqualTo("healthy");
    }
}
