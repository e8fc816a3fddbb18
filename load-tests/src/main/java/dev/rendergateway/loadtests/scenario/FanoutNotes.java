package dev.rendergateway.loadtests.scenario;

import dev.rendergateway.loadtests.sse.FanoutOutcome;
import dev.rendergateway.loadtests.sse.NchanOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The fan-out's notes: the method on both sides, what each memory figure counts, and the raw figures per phase. */
final class FanoutNotes {
    private FanoutNotes() {
    }

    /** The notes for these outcomes. */
    static List<String> of(Optional<NchanOutcome> nchan, List<FanoutOutcome> outcomes) {
        List<String> notes = new ArrayList<>(List.of(
                "Method, gateway. Each phase starts a fresh sandbox with its clock held, and its gateways"
                        + " (GATEWAY_POLL_INTERVAL = 1 s), submits the renders, and measures every gateway's JVM with"
                        + " jcmd: `GC.run`, then `GC.heap_info` (heap used after a full GC) and"
                        + " `VM.native_memory summary` (the gateways run with -XX:NativeMemoryTracking=summary; Netty's"
                        + " direct buffers are counted under \"Other\"), plus VmRSS from /proc. Client processes of at"
                        + " most 9,500 subscribers each (the harness's own, see below), each bound to its own source"
                        + " address 127.0.0.2, 127.0.0.3, …, all open their streams at once, in batches (500 a client,"
                        + " 100 on Redis); while they connect the renders stand still, so only catch-up events flow."
                        + " Once every stream has its first (catch-up) event, the gateways are measured again, renders"
                        + " still standing still (2 s after the submissions, so that every render is upstream and"
                        + " polled in both measurements): per subscriber = (after − before),"
                        + " summed over the gateways, / subscribers. Then the sandbox's clock is released and the"
                        + " renders change progress once per 1 % of their time; render i of n takes (1 + i/n) × the"
                        + " phase's render time (the held clock starts them all at one instant: equal times would make"
                        + " 1,000 renders change in the same millisecond). Renders of 100 s change about once a second"
                        + " (0.7 a second on average over 1,000); in the phases of 100,000 they take 500 s (a change"
                        + " every 5 s), because 100,000 events a second are beyond what the 2 cores, shared by servers"
                        + " and clients, deliver. After 3 s of events (both sides' JIT compilers see the hot paths"
                        + " first) and a second more, the clients record for a"
                        + " window every event's delay from the render's `updatedAt` (set by the gateway that applied"
                        + " the change, in ms) to its receipt, in HdrHistograms merged afterwards, and count events.",
                "100,000 subscribers: a process here may hold at most 20,000 open files (hard limit; `ulimit -n`"
                        + " and `prlimit` cannot raise it, see docs/stack-notes), so one gateway holds about 19,000"
                        + " sockets. The phases of 100,000 therefore run 6 gateway processes (≈ 16,700 subscribers"
                        + " each) sharing one redis-server started for the phase (`--save '' --appendonly no`,"
                        + " GATEWAY_REDIS_URL), started one after the other, in front of one sandbox; the renders are"
                        + " submitted once, through the first gateway. Whichever gateway holds a render's poll lease"
                        + " publishes its changes to Redis, and each gateway's one XREAD reader hands them to its own"
                        + " subscribers, so most events cross Redis before they reach a client: the delay includes"
                        + " that hop. 12 client processes of ≈ 8,300 subscribers, two per gateway, each from its own"
                        + " source address, opening 100 streams at a time (500 at a time made the 6 freshly started"
                        + " gateways' Redis commands wait past their 2 s timeout, refusing streams with 503). A"
                        + " stream refused or broken counts as failed. Everything (Redis, 6 gateways, 12 clients, the"
                        + " sandbox) shares the same 2 cores, so these delays are the machine's, not one gateway's."
                        + " The phases of 10,000 run one gateway with its state in memory. The suite runs 100,000 spread"
                        + " over 1,000 renders; 100,000 on one render takes another 4 minutes and runs on request:"
                        + " `BENCH_FANOUT_PHASES=100k-on-1 load-tests/run.sh fanout`.",
                "Method, baseline. Debian's nginx with the nchan module (libnginx-mod-nchan; 2 workers, 20,000"
                        + " connections and files each), one channel with an EventSource subscriber location"
                        + " (`nchan_subscriber eventsource`) and a publisher location. The harness publishes"
                        + " `{\"updatedAt\":\"<now>\"}` once before the clients connect, which nchan hands to each new"
                        + " subscriber as its first event (`nchan_subscriber_first_message -1`: the newest message;"
                        + " nchan's `newest` would wait for the next one), then, once every subscriber has it, one"
                        + " message a second by HTTP POST, as one render changes about once a second. The same client"
                        + " processes measure it the same way. Its memory is the resident set (VmRSS) of nginx's"
                        + " master and workers, before the subscribers connect and after 3 s of messages.",
                "What the memory figures count. Gateway: live JVM heap after a full GC plus NMT \"Other\" (Netty's"
                        + " direct buffers), per subscriber; RSS is shown beside it but for a JVM it also holds heap"
                        + " the collector grew and has not given back. nginx + nchan: resident memory of its"
                        + " processes, per subscriber, the only figure a C server offers; the ratio of the gateway's"
                        + " heap + direct to nchan's RSS compares what each side keeps per subscriber, the RSS ratio"
                        + " compares like with like. The goals (≤ 8 KiB, p99 ≤ 50 ms) are absolute and judged"
                        + " whatever nchan does.",
                "Why a harness of our own here: one subscriber is one open SSE connection held for the whole phase,"
                        + " and the delay needs the payload's `updatedAt`; Gatling's SSE support holds a virtual user"
                        + " and its actor state per stream and records no payload-derived timing, and on 2 cores"
                        + " shared with the servers it cannot hold 10,000–100,000 streams. The client is a Reactor"
                        + " Netty HttpClient per process (2 event loops, no pool), parsing `data:` lines only."));
        nchan.ifPresent(n -> notes.add(baselineRaw(n)));
        notes.add(phasesRaw(outcomes));
        return notes;
    }

    private static String baselineRaw(NchanOutcome n) {
        return String.format(Locale.ROOT, "nginx + nchan (connected / failed / seconds to connect all / subscribers"
                        + " nchan counted / RSS of %d processes before → after, MiB): %d / %d / %.1f s / %d / %.1f →"
                        + " %.1f.", n.after().processes(), n.clients().connected(), n.clients().failed(),
                n.clients().connectSeconds(), n.serverSubscribers(), mib(n.before().bytes()),
                mib(n.after().bytes()));
    }

    private static String phasesRaw(List<FanoutOutcome> outcomes) {
        StringBuilder raw = new StringBuilder("Per phase (gateways / connected / failed / seconds to connect all /"
                + " gateways' heap used, NMT Other and RSS before → after, summed, MiB): ");
        for (FanoutOutcome o : outcomes) {
            raw.append(String.format(Locale.ROOT, "%s: %d / %d / %d / %.1f s / heap %.1f → %.1f, other %.1f → %.1f,"
                            + " rss %.1f → %.1f; ", o.phase().name(), o.phase().gateways(), o.connected(), o.failed(),
                    o.connectSeconds(), mib(o.before().heapUsedBytes()), mib(o.after().heapUsedBytes()),
                    mib(o.before().otherCommittedBytes()), mib(o.after().otherCommittedBytes()),
                    mib(o.before().rssBytes()), mib(o.after().rssBytes())));
        }
        return raw.toString().trim();
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024);
    }
}
