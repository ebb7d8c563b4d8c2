package dev.llmcost.report;

import dev.llmcost.plan.Plan;
import dev.llmcost.render.Numbers;

import java.util.List;

/**
 * Where the plan's agent's active 5-hour block stands against the plan's limit: its tokens, the limit (the
 * plan's, else the largest earlier block among those read), and the projection to the block's end at its burn
 * rate. The blocks are the plan's agent's alone: the vendor's window counts only the calls it serves.
 *
 * @param limit            tokens per block; 0 when the plan has none and no earlier block was read
 * @param largestBlock     true when {@code limit} is the largest block seen, not a published or given one
 * @param used             the plan agent's tokens in the active block
 * @param projected        {@code used} at the block's burn rate until its end, or null without a burn rate
 */
public record PlanUsage(Plan plan, long limit, boolean largestBlock, long used, Long projected) {
    /** The active block's usage for {@code plan}, from its agent's blocks; null when none is active. */
    public static PlanUsage of(Plan plan, List<Blocks.Block> blocks) {
        Blocks.Block active = null;
        long largest = 0;
        for (Blocks.Block block : blocks) {
            if (block.active()) {
                active = block;
            } else {
                largest = Math.max(largest, block.totals().totalTokens());
            }
        }
        if (active == null) {
            return null;
        }
        long used = active.totals().totalTokens();
        Long projected = active.projection() == null ? null : active.projection().totalTokens();
        return plan.tokenLimit() != null ? new PlanUsage(plan, plan.tokenLimit(), false, used, projected)
                : new PlanUsage(plan, largest, true, used, projected);
    }

    /** Percent of the limit used, rounded down; null without a limit. */
    public Long percent() {
        return limit == 0 ? null : Plan.percent(used, limit);
    }

    /** Percent of the limit projected by the block's end; null without a limit or a projection. */
    public Long projectedPercent() {
        return limit == 0 || projected == null ? null : Plan.percent(projected, limit);
    }

    /** "Claude Max 20x: 2,000,000 of 5,000,000 tokens (40%), projected 75% by the block's end". */
    public String describe() {
        StringBuilder line = new StringBuilder(plan.title()).append(": ");
        if (limit == 0) {
            return line.append(Numbers.count(used))
                    .append(" tokens; no limit known yet (set one with 'llmcost plan set ")
                    .append(plan.vendor()).append(' ').append(plan.name()).append(" --token-limit N')").toString();
        }
        line.append(Numbers.count(used)).append(" of ").append(Numbers.count(limit))
                .append(" tokens (").append(percent()).append("%)");
        if (projectedPercent() != null) {
            line.append(", projected ").append(projectedPercent()).append("% by the block's end");
        }
        if (largestBlock) {
            line.append("; limit = the largest block seen (").append(plan.title()).append("'s is not published)");
        }
        return line.toString();
    }
}
