package io.notiledger.admin;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * ledger-admin: what an on-call operator does to the ledger after an incident, over its HTTP API only.
 * Exit codes: see {@link ExitCodes}.
 */
@Command(name = "ledger-admin", mixinStandardHelpOptions = true, version = "ledger-admin 0.1.0",
        description = "Operator tools for the notification ledger (HTTP API only; needs an operator key).",
        subcommands = {RedriveCommand.class, HistoryCommand.class, ViewsCommand.class, VerifyCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done (a dry run: the selection was shown)",
                "1:refused or mismatch: an empty selection, re-drives the ledger refused, verify's mismatches",
                "2:bad usage: unknown option or value, no reason, --since after --until",
                "3:the ledger could not be reached, refused the key, or answered an error"})
public class LedgerAdmin {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with ledger-admin's exit codes for usage errors and for the ledger's answers. */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new LedgerAdmin());
        line.setExitCodeExceptionMapper(failure -> failure instanceof LedgerProblem problem
                ? problem.exitCode() : ExitCodes.LEDGER_ERROR);
        line.setExecutionExceptionHandler((failure, commandLine, parsed) -> {
            commandLine.getErr().println(failure instanceof LedgerProblem ? failure.getMessage() : failure.toString());
            commandLine.getErr().flush();
            return commandLine.getExitCodeExceptionMapper().getExitCode(failure);
        });
        line.setParameterExceptionHandler((failure, args) -> {
            CommandLine command = failure.getCommandLine();
            command.getErr().println(failure.getMessage());
            command.getErr().println("See '" + command.getCommandSpec().qualifiedName() + " --help'.");
            command.getErr().flush();
            return ExitCodes.USAGE;
        });
        return line;
    }
}
