package dev.rendergateway.loadtests.scenario;

import dev.rendergateway.loadtests.proc.Workspace;
import dev.rendergateway.loadtests.result.ScenarioResult;

/** One benchmark: starts what it needs as separate processes, measures against a same-run baseline, stops them. */
public interface Scenario {

    /** Its id, also its argument to {@code load-tests/run.sh}. */
    String id();

    /** Runs it; {@code smoke} asks for the short CI variant (same code path, small numbers). */
    ScenarioResult run(Workspace workspace, boolean smoke) throws Exception;

    /** The command that reproduces this scenario's figures. */
    default String command(boolean smoke) {
        return smoke ? "load-tests/run.sh smoke" : "load-tests/run.sh " + id();
    }
}
