package dev.llmcost.model;

/**
 * Who and what a call came from: the person, the agent and its session, the task and run it was part of,
 * and the kind of request. Every field may be null.
 */
public record Origin(String user, String session, String agent, String task, String run, String requestType) {

    public static final Origin UNKNOWN = new Origin(null, null, null, null, null, null);

    /** A call made by a coding agent in one of its sessions, attributed to no particular user. */
    public static Origin agentSession(String agent, String session) {
        return new Origin(null, session, agent, null, null, null);
    }

    /** The user as the rollups key it: the empty string when nobody is named. */
    public String userOrEmpty() {
        return user == null ? "" : user;
    }
}
