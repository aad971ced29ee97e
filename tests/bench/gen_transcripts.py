#!/usr/bin/env python3
"""Writes seeded, support-style multi-turn transcripts as OpenAI chat JSONL for the dataset benchmark
(docs/benchmarks.md): `sift-cli import` reads the files, then `sift-cli audit` and `sift-cli export` run
over them. Deterministic for a given --seed; stdlib only.

    python3 tests/bench/gen_transcripts.py --count 100000 --turns 20 --files 10 --out /tmp/bench
"""
import argparse
import json
import os
import random

WORDS = ("account invoice payment settings branding logo report export tax rate client reminder bank feed "
         "reconcile statement currency receipt expense category subscription plan upgrade refund charge card "
         "email template recurring schedule due date overdue balance ledger journal entry vendor bill quote "
         "estimate discount line item total subtotal permission user role team login password reset device "
         "mobile app sync backup archive filter search column dashboard chart month quarter year").split()
OPENINGS = ["Thanks for the details.", "Sure.", "Good news:", "I see what happened.", "Yes, you can.",
            "That depends on your plan.", "Let me walk you through it.", "Here is how:"]
CLOSINGS = ["Does that work for you?", "Let me know if anything is unclear.", "I hope this helps.",
            "Anything else I can check?", ""]
USER_OPENINGS = ["hi,", "hello", "quick question:", "so", "ok and", "thanks. also", "hmm,", ""]
STYLES = ["terse", "casual", "formal", "rambling"]
EXPERTISE = ["novice", "intermediate", "expert"]
MOODS = ["calm", "frustrated", "rushed", "curious"]
SYSTEM = ("You are the support assistant of Ledgerly, an invoicing and bookkeeping service for small businesses.\n\n"
          "- Answer from what Ledgerly actually does. If you are not sure a feature exists, say so.\n"
          "- Ask one clarifying question when the customer's problem is ambiguous.\n"
          "- Give steps as a short numbered list with the exact menu names.\n"
          "- Never ask for or repeat full card numbers, passwords or one-time codes.\n"
          "- Be warm and brief. No marketing language.\n")


def sentence(rng, lo, hi):
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    return " ".join(words).capitalize()


def user_message(rng):
    text = f"{rng.choice(USER_OPENINGS)} {sentence(rng, 6, 18).lower()}".strip()
    if rng.random() < 0.6:
        text += "?"
    if rng.random() < 0.2:
        text += " " + sentence(rng, 4, 10).lower() + " é ünïcode ✓"
    return text


def assistant_message(rng):
    parts = [rng.choice(OPENINGS) + " " + sentence(rng, 8, 16) + "."]
    if rng.random() < 0.4:
        steps = rng.randint(2, 4)
        parts.append("\n".join(f"{i + 1}. Open {rng.choice(WORDS).capitalize()} > {rng.choice(WORDS).capitalize()}."
                               for i in range(steps)))
    else:
        parts.append(sentence(rng, 10, 24) + ". " + sentence(rng, 5, 12) + ".")
    closing = rng.choice(CLOSINGS)
    if closing:
        parts.append(closing)
    if rng.random() < 0.05:
        parts.append('Say "quoted" \\ backslash\ttab.')
    return "\n\n".join(parts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=100000)
    ap.add_argument("--turns", type=int, default=20, help="user and assistant messages per transcript")
    ap.add_argument("--files", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True, help="folder for part-NN.jsonl")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    per_file = (args.count + args.files - 1) // args.files
    n = 0
    for f in range(args.files):
        with open(os.path.join(args.out, f"part-{f:02d}.jsonl"), "w", encoding="utf-8") as out:
            for _ in range(per_file):
                if n >= args.count:
                    break
                messages = [{"role": "system", "content": SYSTEM}]
                for t in range(args.turns // 2):
                    messages.append({"role": "user", "content": user_message(rng)})
                    messages.append({"role": "assistant", "content": assistant_message(rng)})
                persona = {"style": rng.choice(STYLES), "expertise": rng.choice(EXPERTISE),
                           "mood": rng.choice(MOODS), "business": f"business-{rng.randrange(20000)}"}
                meta = {"id": f"bench-{n:06d}", "persona": persona, "scenario": {"topic": rng.choice(WORDS)}}
                out.write(json.dumps({"messages": messages, "metadata": meta}, ensure_ascii=False) + "\n")
                n += 1
    print(f"wrote {n} transcripts to {args.out}")


if __name__ == "__main__":
    main()
