package dev.rendergateway.loadtests.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.loadtests.scenario.CpuShares.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuSharesTest {

    @Test
    void sortsSamplesByTheThreadsJobFirstThenByTheInnermostFrame() {
        CpuShares shares = CpuShares.of(List.of(
                "start_thread;Thread::call_run;JavaThread::thread_main_inner;CompileBroker::compiler_thread_loop;"
                        + "C2Compiler::compile_method 30",
                "start_thread;Thread::call_run;GangWorker::run;GangWorker::loop 10",
                "java/lang/Thread.run_[j];io/netty/channel/epoll/AbstractEpollStreamChannel.doWrite_[j];writev 40",
                "java/lang/Thread.run_[j];net/logstash/logback/appender/X.onEvent_[j];writev 5",
                "java/lang/Thread.run_[j];dev/rendergateway/core/events/Mailbox.poll_[i] 10",
                "java/lang/Thread.run_[j];reactor/core/publisher/MonoFlatMap$FlatMapMain.onNext_[j] 5"));

        assertThat(shares.samples()).isEqualTo(100);
        assertThat(shares.percent(Kind.SOCKET_WRITES)).isEqualTo(40.0);
        assertThat(shares.percent(Kind.JIT)).isEqualTo(30.0);
        assertThat(shares.percent(Kind.GC)).isEqualTo(10.0);
        // A write of the log writer's thread is logging, not the gateway's socket writes.
        assertThat(shares.percent(Kind.LOGGING)).isEqualTo(5.0);
        assertThat(shares.percent(Kind.GATEWAY)).isEqualTo(10.0);
        assertThat(shares.percent(Kind.REACTOR)).isEqualTo(5.0);
    }

    @Test
    void listsTheBusiestInnermostFramesWithoutTheirTypeSuffix() {
        CpuShares shares = CpuShares.of(List.of(
                "a_[j];writev 40",
                "b_[j];writev 2",
                "a_[j];dev/rendergateway/core/events/Mailbox.poll_[i] 10"));

        assertThat(shares.busiest(2)).extracting(e -> e.getKey() + "=" + e.getValue())
                .containsExactly("writev=42", "dev/rendergateway/core/events/Mailbox.poll=10");
    }
}
