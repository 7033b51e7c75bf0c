package io.notiledger.admin;

/** The ledger answered with an error (an RFC 7807 problem), or could not be reached at all (status 0). */
public class LedgerProblem extends RuntimeException {

    private final int status;
    private final String code;

    public LedgerProblem(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** A 400 is a usage error the ledger found; 409 and 422 are business refusals; anything else is the ledger's. */
    public int exitCode() {
        if (status == 400) {
            return ExitCodes.USAGE;
        }
        if (status == 409 || status == 422 || status == 404) {
            return ExitCodes.REFUSED;
        }
        return ExitCodes.LEDGER_ERROR;
    }
}
