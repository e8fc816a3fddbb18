package dev.rendergateway.loadtests.scenario;

import java.util.ArrayList;
import java.util.List;

/** The benchmark suite in its running order, and the choice of scenarios from command-line names. */
public record Suite(List<Scenario> scenarios) {

    /** Every scenario, in the order of the measures. */
    public static Suite standard() {
        return new Suite(List.of(new WatchersScenario(), new BudgetScenario(), new ReadPathScenario(),
                new SubmitPathScenario(), new FanoutScenario(), new StartupScenario(), new ProfileScenario()));
    }

    /** {@code all} and {@code smoke} mean every scenario; other names pick scenarios by id. */
    public List<Scenario> chosen(List<String> names) {
        if (names.contains("all") || names.contains("smoke")) {
            return scenarios;
        }
        List<Scenario> chosen = new ArrayList<>();
        for (String name : names) {
            chosen.add(scenarios.stream().filter(s -> s.id().equals(name)).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("unknown scenario " + name + "; known: "
                            + scenarios.stream().map(Scenario::id).toList() + ", all, smoke")));
        }
        return chosen;
    }

    /** The ids, in running order. */
    public List<String> ids() {
        return scenarios.stream().map(Scenario::id).toList();
    }
}
