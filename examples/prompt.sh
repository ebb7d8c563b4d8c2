# Source from ~/.bashrc or ~/.zshrc: shows today's LLM spend in the prompt, e.g. "[$3.42] ~/src $".
# The query reads the hourly rollup, so it stays fast however long the history is.
llmcost_today() {
  llmcost report --since today --format csv 2>/dev/null | awk -F, 'NR > 1 { sum += $(NF-1) } END { if (sum > 0) printf "[$%.2f] ", sum }'
}
if [ -n "${ZSH_VERSION:-}" ]; then
  setopt PROMPT_SUBST
  PROMPT='$(llmcost_today)'"$PROMPT"
else
  PS1='$(llmcost_today)'"$PS1"
fi
