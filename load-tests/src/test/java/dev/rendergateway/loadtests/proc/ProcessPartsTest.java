package dev.rendergateway.loadtests.proc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The pure parts of the process wrappers: /proc parsing, nchan's channel info, GC logs. */
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
    void aGcLogGivesItsPausesButNotItsConcurrentPhases() {
        GcPauses pauses = GcPauses.of(java.util.List.of(
                "[0.224s][info][gc,start    ] GC(0) Pause Young (Normal) (G1 Evacuation Pause)",
                "[0.228s][info][gc          ] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 19M->6M(388M) 4.488ms",
                "[26.443s][info][gc          ] GC(3) Pause Young (Concurrent Start) (Metadata GC Threshold) "
                        + "28M->10M(388M) 14.782ms",
                "[26.473s][info][gc          ] GC(4) Pause Remark 12M->12M(68M) 2.671ms",
                "[26.480s][info][gc          ] GC(4) Concurrent Mark Cycle 50.002ms"));

        assertThat(pauses.count()).isEqualTo(3);
        assertThat(pauses.longestMillis()).isEqualTo(14.782);
        assertThat(pauses.totalMillis()).isCloseTo(21.941, org.assertj.core.data.Offset.offset(1e-9));
    }
}
