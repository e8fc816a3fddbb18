package dev.rendergateway.loadtests.proc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The pure parts of the process wrappers: /proc parsing, nchan's channel info, the port range. */
class ProcessPartsTest {

    @Test
    void procStatGivesTheParentEvenWhenTheCommandHasSpacesAndParentheses() {
        String stat = "4242 (nginx: worker (x) process) S 4100 4100 4100 0 -1 4194624 532 0 0 0 1 0 0 0 20 0 1 0";
        assertThat(ProcessTreeRss.parentPid(stat)).isEqualTo(4100);
    }

    @Test
    void procStatusGivesTheResidentSetInBytes() {
        assertThat(ProcessTreeRss.rssBytes("Name:\tnginx\nVmPeak:\t  20000 kB\nVmRSS:\t    6144 kB\nRssAnon: 1 kB\n"))
                .isEqualTo(6144L * 1024);
        assertThat(ProcessTreeRss.rssBytes("Name:\tkthreadd\nState:\tS (sleeping)\n")).isZero();
    }

    @Test
    void nchanChannelInfoGivesItsSubscriberCount() {
        assertThat(NchanProcess.subscribers("{\"messages\": 2, \"requested\": -1, \"subscribers\": 10000,"
                + " \"last_message_id\": \"1795616148:0\" }")).isEqualTo(10_000);
        assertThat(NchanProcess.subscribers("{\"messages\": 1}")).isEqualTo(-1);
    }

    @Test
    void freePortsAreTakenBelowTheEphemeralRange() {
        assertThat(FreePort.ephemeralStart("32768\t60999\n")).isEqualTo(32_768);
        assertThat(FreePort.ephemeralStart("1024 65535")).isEqualTo(10_001);
        assertThat(FreePort.pick().port()).isBetween(10_000, 60_999);
    }
}
