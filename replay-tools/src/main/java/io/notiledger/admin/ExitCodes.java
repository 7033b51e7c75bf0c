package io.notiledger.admin;

/** What ledger-admin's exit status tells a script. */
public final class ExitCodes {

    /** Done: everything asked for was done (a dry run: the selection was shown). */
    public static final int DONE = 0;
    /** Something was refused or did not match: an empty selection, re-drives the ledger refused, verify's mismatches. */
    public static final int REFUSED = 1;
    /** Bad usage: unknown option or value, a missing reason, since after until; nothing was changed. */
    public static final int USAGE = 2;
    /** The ledger could not be reached, refused the key, or answered an error. */
    public static final int LEDGER_ERROR = 3;

    private ExitCodes() {
    }
}
