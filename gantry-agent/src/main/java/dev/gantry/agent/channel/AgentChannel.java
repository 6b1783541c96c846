package dev.gantry.agent.channel;

import java.io.IOException;

/** The agent's end of the channel: one long-poll for the instance's desired task set. */
public interface AgentChannel {
  PollAnswer poll(PollRequest request) throws IOException, InterruptedException;
}
