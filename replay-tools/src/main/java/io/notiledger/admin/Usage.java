package io.notiledger.admin;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Bad usage found after parsing (e.g. two options that contradict each other): exit 2, nothing called. */
final class Usage {

    private Usage() {
    }

    static CommandLine.ParameterException error(CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
