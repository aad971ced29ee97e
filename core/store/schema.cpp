#include "schema.h"

namespace sift {

// Forward steps only; a released step is never edited, a change is a new step.
QList<Migration> schemaMigrations()
{
    return {{1,
             {QStringLiteral("CREATE TABLE runs (id INTEGER PRIMARY KEY, name TEXT, design_hash TEXT, seed INTEGER, "
                             "status TEXT NOT NULL DEFAULT 'new', created_at TEXT NOT NULL)"),
              QStringLiteral("CREATE TABLE batches (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id) "
                             "ON DELETE CASCADE, idx INTEGER NOT NULL, status TEXT NOT NULL DEFAULT 'new', signed_off_at TEXT)"),
              QStringLiteral("CREATE TABLE prompt_versions (id INTEGER PRIMARY KEY, content_hash TEXT NOT NULL UNIQUE, "
                             "file TEXT NOT NULL, content TEXT NOT NULL, created_at TEXT NOT NULL)"),
              QStringLiteral("CREATE TABLE transcripts (id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, run_id INTEGER "
                             "REFERENCES runs(id) ON DELETE SET NULL, batch_id INTEGER REFERENCES batches(id) ON DELETE SET NULL, "
                             "source TEXT NOT NULL, status TEXT NOT NULL, seed INTEGER, persona_json TEXT, scenario_json TEXT, "
                             "metadata_json TEXT, created_at TEXT NOT NULL)"),
              QStringLiteral("CREATE TABLE turns (transcript_id INTEGER NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE, "
                             "idx INTEGER NOT NULL, role TEXT NOT NULL CHECK (role IN ('system','user','assistant')), "
                             "content TEXT NOT NULL, flaws_json TEXT, PRIMARY KEY (transcript_id, idx))"),
              QStringLiteral("CREATE TABLE verdicts (transcript_id INTEGER NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE, "
                             "judge TEXT NOT NULL, criterion TEXT NOT NULL, answer TEXT NOT NULL CHECK (answer IN ('YES','NO','NA')), "
                             "evidence TEXT, turn INTEGER, reasoning TEXT, raw_reply TEXT, created_at TEXT NOT NULL, "
                             "UNIQUE (transcript_id, judge, criterion))"),
              QStringLiteral("CREATE TABLE review_flags (id INTEGER PRIMARY KEY, transcript_id INTEGER NOT NULL REFERENCES "
                             "transcripts(id) ON DELETE CASCADE, judge TEXT, criterion TEXT, kind TEXT NOT NULL, note TEXT, "
                             "created_at TEXT NOT NULL)"),
              QStringLiteral("CREATE TABLE fixups (id INTEGER PRIMARY KEY, transcript_id INTEGER NOT NULL REFERENCES "
                             "transcripts(id) ON DELETE CASCADE, turn INTEGER NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL, "
                             "failed_criteria TEXT, status TEXT NOT NULL, created_at TEXT NOT NULL)"),
              QStringLiteral("CREATE TABLE slices (id INTEGER PRIMARY KEY, transcript_id INTEGER NOT NULL REFERENCES "
                             "transcripts(id) ON DELETE CASCADE, end_turn INTEGER NOT NULL, tokens INTEGER, split TEXT, "
                             "created_at TEXT NOT NULL)"),
              QStringLiteral("CREATE TABLE llm_calls (id INTEGER PRIMARY KEY, request_hash TEXT NOT NULL, backend TEXT NOT NULL, "
                             "model TEXT NOT NULL, purpose TEXT, input_tokens INTEGER, output_tokens INTEGER, cost_micro_usd INTEGER, "
                             "latency_ms INTEGER, attempts INTEGER, status TEXT NOT NULL, created_at TEXT NOT NULL)"),
              QStringLiteral("CREATE INDEX transcripts_run ON transcripts(run_id, batch_id)"),
              QStringLiteral("CREATE INDEX verdicts_judge ON verdicts(judge, criterion)"),
              QStringLiteral("CREATE INDEX llm_calls_hash ON llm_calls(request_hash)")}},
            {2,
             {QStringLiteral("ALTER TABLE llm_calls ADD COLUMN provider_request_id TEXT"),
              QStringLiteral("ALTER TABLE llm_calls ADD COLUMN error TEXT"),
              QStringLiteral("CREATE TABLE response_cache (request_hash TEXT PRIMARY KEY, backend TEXT NOT NULL, "
                             "model TEXT NOT NULL, text TEXT NOT NULL, finish_reason TEXT, input_tokens INTEGER, "
                             "output_tokens INTEGER, provider_request_id TEXT, cost_micro_usd INTEGER, created_at TEXT NOT NULL)")}},
            // Generation runs and assessment: what a run was asked to do, where each transcript stands,
            // each judge's assessment (valid or not) and each transcript's aggregated outcome.
            {3,
             {QStringLiteral("ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'run'"),
              QStringLiteral("ALTER TABLE runs ADD COLUMN prompt_version TEXT"),
              QStringLiteral("ALTER TABLE runs ADD COLUMN config_json TEXT"),
              QStringLiteral("ALTER TABLE runs ADD COLUMN finished_at TEXT"),
              QStringLiteral("ALTER TABLE batches ADD COLUMN prompt_version TEXT"),
              QStringLiteral("CREATE UNIQUE INDEX batches_run_idx ON batches(run_id, idx)"),
              QStringLiteral("ALTER TABLE transcripts ADD COLUMN idx INTEGER"),
              QStringLiteral("ALTER TABLE transcripts ADD COLUMN target_turns INTEGER"),
              QStringLiteral("ALTER TABLE transcripts ADD COLUMN prompt_version TEXT"),
              QStringLiteral("ALTER TABLE transcripts ADD COLUMN assessment TEXT"),
              QStringLiteral("ALTER TABLE transcripts ADD COLUMN score REAL"),
              QStringLiteral("ALTER TABLE transcripts ADD COLUMN passed INTEGER"),
              QStringLiteral("ALTER TABLE transcripts ADD COLUMN gate_failed INTEGER"),
              QStringLiteral("CREATE TABLE assessments (transcript_id INTEGER NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE, "
                             "judge TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('valid','invalid')), error TEXT, "
                             "score REAL, passed INTEGER, gate_failed INTEGER, prompt_version TEXT, created_at TEXT NOT NULL, "
                             "PRIMARY KEY (transcript_id, judge))")}},
            // Repair and rejection: where a transcript is cut for training (its turns are never
            // deleted), why it is rejected, and why a fix was or was not accepted.
            {4,
             {QStringLiteral("ALTER TABLE transcripts ADD COLUMN truncated_at INTEGER"),
              QStringLiteral("ALTER TABLE transcripts ADD COLUMN rejected TEXT"),
              QStringLiteral("ALTER TABLE fixups ADD COLUMN entailment TEXT"),
              QStringLiteral("CREATE INDEX fixups_transcript ON fixups(transcript_id, turn)"),
              QStringLiteral("CREATE INDEX review_flags_transcript ON review_flags(transcript_id)")}},
            // Human review: the answer a flag was about (a judge asked again may answer otherwise), one
            // flag per verdict cell and one note of each kind per transcript.
            {5,
             {QStringLiteral("ALTER TABLE review_flags ADD COLUMN answer TEXT"),
              QStringLiteral("CREATE UNIQUE INDEX review_flags_cell ON review_flags(transcript_id, judge, criterion) "
                             "WHERE kind IN ('agree', 'false_positive', 'false_negative')"),
              QStringLiteral("CREATE UNIQUE INDEX review_flags_note ON review_flags(transcript_id, kind) "
                             "WHERE judge IS NULL AND criterion IS NULL")}},
            // The run each call was made for, so a resumed run starts from what it has already spent.
            // No foreign key: the LLM layer writes the log on its own connection, and a call log row
            // must never fail because of the run it names. (Step 5 belongs to the human review's flags.)
            {6,
             {QStringLiteral("ALTER TABLE llm_calls ADD COLUMN run_id INTEGER"),
              QStringLiteral("CREATE INDEX llm_calls_run ON llm_calls(run_id, status)")}}};
}

} // namespace sift
