package dev.rendergateway.client.cli;

import picocli.CommandLine;

/** {@code --version}: the version of the jar the CLI runs from. */
final class CliVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = CliVersion.class.getPackage().getImplementationVersion();
        return new String[] {"render-gateway CLI " + (version == null ? "dev" : version)};
    }
}
