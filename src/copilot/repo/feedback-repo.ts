import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import type { FeedbackSample } from '../policy/style.js';

/** Feedback cards and the per-team style table (in the caller's tenant scope). */
type Q = Kysely<Database>;

export interface NewFeedback {
  tenantId: string;
  team: string;
  kind: 'answer' | 'run';
  subjectId: string;
  userId: string;
  rating: number;
  note: string | null;
}

/** One card per person per subject: rating again replaces the rating (and keeps a note unless given). */
export async function upsertFeedback(db: Q, card: NewFeedback): Promise<void> {
  await db
    .insertInto('feedback_cards')
    .values({
      tenant_id: card.tenantId,
      team: card.team,
      kind: card.kind,
      subject_id: card.subjectId,
      user_id: card.userId,
      rating: card.rating,
      note: card.note,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'kind', 'subject_id', 'user_id']).doUpdateSet({
        rating: card.rating,
        note: card.note === null ? sql`feedback_cards.note` : card.note,
        created_at: sql`now()`,
      }),
    )
    .execute();
}

export async function styleOf(db: Q, team: string): Promise<unknown> {
  const row = await db.selectFrom('copilot_styles').select('style').where('team', '=', team).executeTakeFirst();
  return row?.style ?? null;
}

export async function saveStyle(db: Q, tenantId: string, team: string, style: unknown): Promise<void> {
  await db
    .insertInto('copilot_styles')
    .values({ tenant_id: tenantId, team, style: JSON.stringify(style) })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'team']).doUpdateSet({ style: JSON.stringify(style), updated_at: sql`now()` }),
    )
    .execute();
}

/** A team's cards since a time, with the length of each rated answer. */
export async function cardsSince(db: Q, team: string, since: Date): Promise<FeedbackSample[]> {
  const rows = await db
    .selectFrom('feedback_cards as f')
    .leftJoin('copilot_turns as t', (j) => j.on(sql`t.id::text`, '=', sql.ref('f.subject_id')))
    .select(['f.rating', 'f.note', 'f.kind', 't.answer'])
    .where('f.team', '=', team)
    .where('f.created_at', '>=', since)
    .execute();
  return rows.map((r) => ({
    rating: r.rating,
    note: r.note,
    answerChars: r.kind === 'answer' && r.answer ? r.answer.length : null,
  }));
}

export interface WeekTrend {
  team: string;
  week: string;
  cards: number;
  average: number;
}

/** Average rating per team per ISO week, newest weeks first. */
export async function weeklyTrend(db: Q, weeks: number): Promise<WeekTrend[]> {
  const rows = await sql<{ team: string; week: string; cards: string; average: string }>`
    select team, to_char(date_trunc('week', created_at), 'IYYY-"W"IW') as week,
           count(*) as cards, round(avg(rating)::numeric, 2) as average
      from feedback_cards
     where created_at >= now() - make_interval(weeks => ${weeks})
     group by team, date_trunc('week', created_at)
     order by team, date_trunc('week', created_at) desc`.execute(db);
  return rows.rows.map((r) => ({ team: r.team, week: r.week, cards: Number(r.cards), average: Number(r.average) }));
}
