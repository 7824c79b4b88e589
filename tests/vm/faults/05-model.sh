#!/bin/bash
# The model-based test: a seeded random sequence of operations against
# the simulated board, pibmcd running as the shutdown agent.  Operations:
# pibmc node on | off | off --force --yes | cycle and pibmc-nltest
# node-on | node-off force on a random node; worker behaviour through the
# sim: a worker shutting down on its own, never halting, halt glitches
# (20..150 ms), its shutdown command hanging (killed by pibmcd at its
# 2 s timeout).  A model predicts each step's outcome (exit status, power,
# cause); once settled, the module's state (pibmc --json node list, parsed
# by jq) must match the sim's truth (relay <-> worker powered, halt signal
# <-> halt line, state <-> the worker's state) and the model, operations on
# one node must leave the others alone, and power_losses must equal the
# forced cuts of powered, not halted workers (0 without force).
# Usage: 05-model.sh [STEPS [SEED]]; the seed is printed, and replays.
# Without STEPS: 100 steps, or fewer if 220 s run out first (vm-run's
# 300 s limit in make check on a loaded host); the figures say how many.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
. "$PIBMC_TESTS/vm/netlink/nl.sh"
. "$PIBMC_TESTS/vm/cli/cli.sh"
. "$PIBMC_TESTS/vm/daemon/daemon.sh"
. "$PIBMC_TESTS/vm/faults/faults.sh"

STEPS=${1:-100}
BUDGET_MS=$([ -n "$1" ] && echo 0 || echo 220000)
SEED=${2:-$((($(date +%s) + $$) % 32768))}
echo "seed $SEED (05-model.sh $STEPS $SEED replays this sequence)"
RANDOM=$SEED

fast_workers
for n in 1 2 3 4; do
	echo 400 >$SIM/node$n/glitch_period_ms
	rm -f /tmp/sdhang-w$n
	eval "NODE_SHUTDOWN_w$n=\"sh -c '[ -e /tmp/sdhang-w$n ] && exec sleep 30; echo 1 >$SIM/node$n/shutdown'\""
done
write_conf
# A slower control loop: less load on the emulator, the agent as prompt.
sed -i 's/^interval = 1$/interval = 5/' $CONF
nodes_on >/dev/null
start_daemon
losses0=$(cat $SIM/power_losses)

# The model's own knowledge: each worker's fault (none, nh, or the glitch
# length) and whether its shutdown command hangs.
F=(x none none none none)
HANG=(x 0 0 0 0)
forced=0 mismatches=0 step=0 op=
declare -A OPS

mismatch() {
	echo "MISMATCH step $step ($op): $*"
	mismatches=$((mismatches + 1))
	if [ $mismatches = 1 ]; then
		echo "--- the module's nodes, log; the sim's edges; dmesg"
		cat $PW/nodes
		tail -n 16 $PW/log
		tail -n 12 $SIM/gpio/edges
		dmesg | grep pibmc | tail -n 16
		echo "---"
	fi
}

sim_state() { cat $SIM/node$1/state; }
sim_power() { cat $SIM/node$1/power; }
boots() { awk '$1 == "boots" { print $2 }' $SIM/node$1/status; }

# settled: no transition under way, and every node at its expected power.
settled() {
	local n s
	for n in 1 2 3 4; do
		s=$(sim_state $n)
		case $s in
		booting) return 1 ;;
		shutting-down) [ "${F[$n]}" = nh ] || return 1 ;;
		halted) [ "$(sim_power $n)" = 0 ] || return 1 ;;
		esac
		case $(node_field $((n - 1)) state) in shutdown | halted) return 1 ;; esac
		[ "${EXP[$n]}" = - ] || [ "$(sim_power $n)" = "${EXP[$n]}" ] || return 1
	done
}

# check: settle, then compare the module (CLI JSON), the sim and the model.
check_step() {
	local left=150 n mstate mpower mhalt mcause sp s
	while ! settled; do
		left=$((left - 1))
		if [ $left = 0 ]; then
			mismatch "not settled in 15 s: $(cat $PW/nodes | tr '\n' ';') sim: $(for n in 1 2 3 4; do printf '%s/%s ' $(sim_state $n) $(sim_power $n); done)"
			break
		fi
		usleep 100000
	done
	pibmc --json node list >/tmp/m.json 2>/tmp/m.err || { mismatch "pibmc --json node list: $(cat /tmp/m.err)"; return; }
	jq -r '.[] | "\(.state) \(.power) \(.halt) \(.cause)"' /tmp/m.json >/tmp/m.txt 2>/tmp/m.err ||
		{ mismatch "jq: $(cat /tmp/m.err)"; return; }
	n=0
	while read -r mstate mpower mhalt mcause; do
		n=$((n + 1))
		[ "$mpower" = true ] && mpower=1 || mpower=0
		[ "$mhalt" = true ] && mhalt=1 || mhalt=0
		sp=$(sim_power $n)
		s=$(sim_state $n)
		[ "$mpower" = "$sp" ] || mismatch "w$n: module power $mpower, sim powered $sp"
		[ "${EXP[$n]}" = - ] || [ "$sp" = "${EXP[$n]}" ] || mismatch "w$n: powered $sp, the model wants ${EXP[$n]}"
		if [ "$sp" = 1 ]; then
			[ "$mstate" = on ] || mismatch "w$n: module state $mstate with the relay on"
			case $s in
			running) ;;
			shutting-down) [ "${F[$n]}" = nh ] || mismatch "w$n: shutting down without never-halts" ;;
			*) mismatch "w$n: powered, worker $s" ;;
			esac
		else
			[ "$mstate" = off ] || mismatch "w$n: module state $mstate with the relay off"
			case $s in off | halted) ;; *) mismatch "w$n: unpowered, worker $s" ;; esac
		fi
		case ${F[$n]} in
		none | nh) [ "$mhalt" = "$(halt_level $n)" ] ||
			mismatch "w$n: module halt $mhalt, halt line $(halt_level $n)" ;;
		esac
		[ -z "${ECAUSE[$n]}" ] || [ "$mcause" = "${ECAUSE[$n]}" ] ||
			mismatch "w$n: cause $mcause, the model wants ${ECAUSE[$n]}"
	done </tmp/m.txt
	[ $n = 4 ] || mismatch "$n nodes in pibmc --json node list"
	[ $(($(cat $SIM/power_losses) - losses0)) = $forced ] ||
		mismatch "power_losses $(($(cat $SIM/power_losses) - losses0)), forced cuts $forced"
}

# run WANT_RC CMD...: the command's exit status as predicted.
run() {
	local want=$1 rc=0
	shift
	"$@" >/tmp/op.out 2>&1 </dev/null || rc=$?
	[ $rc -lt 128 ] || mismatch "$*: crashed, exit $rc"
	[ "$want" = - ] || [ $rc = "$want" ] || mismatch "$*: exit $rc, the model wants $want: $(tr '\n' ' ' </tmp/op.out)"
}

set_fault() {
	case $2 in
	nh) echo never-halts >$SIM/node$1/fault ;;
	none) echo none >$SIM/node$1/fault ;;
	*) echo "halt-glitch $2" >$SIM/node$1/fault ;;
	esac
	F[$1]=$2
}

t0=$(now_ms)
EXP=(x 1 1 1 1)
ECAUSE=(x)
check_step
step=1
while [ $step -le $STEPS ]; do
	n=$((1 + RANDOM % 4))
	i=$((n - 1))
	r=$((RANDOM % 100))
	EXP=(x)
	ECAUSE=(x)
	for m in 1 2 3 4; do EXP[$m]=$(sim_power $m); ECAUSE[$m]=; done
	p=${EXP[$n]}
	s=$(sim_state $n)
	healthy=0
	[ "$s" = running ] && [ "${F[$n]}" != nh ] && [ "${HANG[$n]}" = 0 ] && healthy=1
	# A worker's own shutdown needs it running: otherwise an on.
	[ $r -ge 57 ] && [ $r -le 66 ] && [ "$s" != running ] && r=0
	if [ $r -le 21 ]; then
		if [ $r -le 14 ]; then kind=cli-on op="pibmc node on w$n"; cmd=(pibmc node on w$n)
		else kind=nl-on op="nltest node-on $i"; cmd=($NLT node-on index=$i); fi
		[ "$p" = 0 ] && ECAUSE[$n]=request
		EXP[$n]=1
		run 0 "${cmd[@]}"
	elif [ $r -le 36 ]; then
		kind=cli-off op="pibmc node off w$n"
		if [ "$p" = 0 ]; then want=0
		elif [ $healthy = 1 ]; then want=0 EXP[$n]=0 ECAUSE[$n]=shutdown
		elif [ "${HANG[$n]}" = 1 ]; then want=1 ECAUSE[$n]=shutdown-failed
		else want=1 ECAUSE[$n]=timeout; fi
		run $want pibmc node off w$n
	elif [ $r -le 46 ]; then
		if [ $r -le 42 ]; then kind=cli-force op="pibmc node off --force --yes w$n"; cmd=(pibmc node off --force --yes w$n)
		else kind=nl-force op="nltest node-off $i force"; cmd=($NLT node-off index=$i force); fi
		if [ "$p" = 1 ]; then
			ECAUSE[$n]=force
			case $s in booting | running | shutting-down) forced=$((forced + 1)) ;; esac
		fi
		EXP[$n]=0
		run 0 "${cmd[@]}"
	elif [ $r -le 56 ]; then
		kind=cli-cycle op="pibmc node cycle w$n"
		b=$(boots $n)
		if [ "$p" = 0 ] || [ $healthy = 1 ]; then ECAUSE[$n]=cycle
		elif [ "${HANG[$n]}" = 1 ]; then ECAUSE[$n]=shutdown-failed
		else ECAUSE[$n]=timeout; fi
		EXP[$n]=1
		run 0 pibmc node cycle w$n
	elif [ $r -le 66 ]; then
		kind=self-shutdown op="w$n shuts down on its own"
		echo 1 >$SIM/node$n/shutdown
		if [ "${F[$n]}" != nh ]; then EXP[$n]=0 ECAUSE[$n]=halted; fi
	elif [ $r -le 76 ]; then
		if [ "${F[$n]}" = nh ]; then
			kind=never-halts-cleared op="w$n: never-halts cleared"
			[ "$s" = shutting-down ] && EXP[$n]=0 ECAUSE[$n]=halted
			set_fault $n none
		else
			kind=never-halts op="w$n never halts"
			set_fault $n nh
		fi
	elif [ $r -le 88 ]; then
		if [ "${F[$n]}" != none ] && [ "${F[$n]}" != nh ]; then
			kind=glitches-stop op="w$n: glitches stop"
			set_fault $n none
		else
			ms=$((20 + RANDOM % 131))
			kind=glitches op="w$n: halt glitches of $ms ms"
			[ "$s" = shutting-down ] && EXP[$n]=0 ECAUSE[$n]=halted
			set_fault $n $ms
		fi
	else
		if [ "${HANG[$n]}" = 1 ]; then kind=hang-fixed op="w$n: shutdown command fixed"; rm -f /tmp/sdhang-w$n; HANG[$n]=0
		else kind=hang op="w$n: shutdown command hangs"; touch /tmp/sdhang-w$n; HANG[$n]=1; fi
	fi
	OPS[$kind]=$((${OPS[$kind]:-0} + 1))
	echo "step $step: $op"
	check_step
	[ "$op" = "pibmc node cycle w$n" ] && [ "${ECAUSE[$n]}" = cycle ] && [ "$p" = 1 ] &&
		{ [ $(boots $n) = $((b + 1)) ] || mismatch "w$n: the cycle did not reboot it ($b -> $(boots $n) boots)"; }
	step=$((step + 1))
	if [ $BUDGET_MS != 0 ] && [ $(($(now_ms) - t0)) -gt $BUDGET_MS ] && [ $step -le $STEPS ]; then
		echo "time budget spent: stopped after $((step - 1)) of $STEPS steps"
		STEPS=$((step - 1))
	fi
done
secs=$((($(now_ms) - t0) / 1000))
daemon_alive || mismatch "pibmcd died"
echo "ops: $(for k in "${!OPS[@]}"; do echo "$k=${OPS[$k]}"; done | sort | tr '\n' ' ')"
pl=$(($(cat $SIM/power_losses) - losses0))
echo "MODEL seed=$SEED steps=$STEPS forced=$forced power_losses=$pl mismatches=$mismatches seconds=$secs"
[ $mismatches = 0 ] || fail "$mismatches mismatch(es); replay: 05-model.sh $STEPS $SEED"
pass "$STEPS steps, the module matched the sim and the model after each"
stop_daemon
