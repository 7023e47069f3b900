"""Planning checklists and the tier decisions that rest on them."""

import datetime

from betterwork_portal.demo.programme.dataset import (
    DAY,
    PROGRAMME_NAMES,
    REFERENCE_DATE,
    PlannedBuyer,
    Source,
    State,
    moment,
    written,
)
from betterwork_portal.demo.programme.vocabulary import (
    AUDITORS,
    BREACHED_EVIDENCE,
    FOCAL_POINTS,
    NOT_YET_NOTES,
    VERIFIED_EVIDENCE,
)
from partnerships import constants as codes
from partnerships.models import Commitment, PartnershipDecision


class ChecklistPlanning:
    """Plan commitment records and partnership decisions (part of the planner).

    Uses the planner's ``rng``, ``pick`` and ``day_between``; see
    ``planning._Planner``.
    """

    def plan_records(self, buyer: PlannedBuyer, breach: str | None) -> None:
        """Give *buyer* one record per active commitment, in states that fit
        its kind (see ``plan_buyers``)."""
        rng = self.rng
        required = self.required
        low = {"participant": 1, "new": 3, "declined": 1, "breached": 0, "withdrawn": 2}.get(buyer.kind)
        high = {"participant": 6, "declined": 3, "breached": 3}.get(buyer.kind, len(required))
        not_yet = set()
        if low is not None:
            not_yet = set(rng.sample(required, rng.randint(min(low, len(required)), min(high, len(required)))))
        was_partner = buyer.became_partner is not None
        for code, _, level in self.commitments:
            if code == breach:
                state = State.BREACHED
            elif code in not_yet:
                state = State.NOT_YET
            elif level != Commitment.Level.REQUIRED:
                weights = (40, 40, 20) if was_partner else (70, 25, 5)
                state = self.pick(zip((State.NOT_YET, State.AFFIRMED, State.VERIFIED), weights, strict=True))
            else:
                state = State.VERIFIED if rng.random() < (0.55 if was_partner else 0.15) else State.AFFIRMED
            buyer.records[code] = self.record(buyer, code, state)
        if breach == codes.STOP_AUDITING and buyer.breach_factory:
            record = buyer.records[breach]
            buyer.audits.append(
                {
                    "factory": buyer.breach_factory.os_id,
                    "audited_on": record["changed_at"].date() - 12 * DAY,
                    "auditor": rng.choice(AUDITORS),
                    "evidence": record["evidence"],
                    "recorded_by": buyer.focal_point,
                    "recorded_at": record["changed_at"],
                }
            )

    @staticmethod
    def next_review(changed_on: datetime.date, *, years: int) -> datetime.date:
        """Return the review date of a record reviewed every *years* since
        *changed_on*: the first one not more than six weeks overdue, so a
        few reviews are late, as in life, and most are still to come."""
        review_on = changed_on + 365 * years * DAY
        while review_on < REFERENCE_DATE - 42 * DAY:
            review_on += 365 * years * DAY
        return review_on

    def record(self, buyer: PlannedBuyer, code: str, state: str) -> dict:
        """Return the fields of *buyer*'s record on *code* in *state*: where
        it came from, what was seen, when, and when to look again."""
        rng = self.rng
        latest = REFERENCE_DATE - 5 * DAY
        became = buyer.became_partner
        programme = PROGRAMME_NAMES[buyer.sourcings[0][0][:2]] if buyer.sourcings else "the programme"
        contact = buyer.contacts[0]["name"] if buyer.contacts else "The buyer"
        source, evidence, review_by, changed_on = "", "", None, buyer.joined_on
        if state == State.NOT_YET:
            note = NOT_YET_NOTES.get(code) if rng.random() < 0.6 else None
            if note or rng.random() < 0.3:
                source = Source.CALL_NOTE
                evidence = note or "Discussed on the onboarding call; the buyer will confirm in writing."
                changed_on = self.day_between(buyer.joined_on, latest)
            if rng.random() < 0.35:
                review_by = REFERENCE_DATE + rng.randint(-45, 120) * DAY
        elif state == State.AFFIRMED:
            if became:
                source = Source.SIGNED_AGREEMENT
                changed_on = buyer.agreement_signed_on
                evidence = f"Confirmed in the partnership agreement signed on {written(changed_on)}."
            elif rng.random() < 0.6:
                source, evidence = Source.SIGNUP_FORM, "Ticked on the signup form."
            else:
                source = Source.CALL_NOTE
                changed_on = self.day_between(buyer.joined_on, latest)
                evidence = f"{contact} confirmed it on a call on {written(changed_on)}."
            if rng.random() < 0.4:
                review_by = self.next_review(changed_on, years=1)
        elif state == State.VERIFIED:
            source = self.pick(((Source.CALL_NOTE, 50), (Source.FACTORY_FEEDBACK, 40), (Source.SIGNED_AGREEMENT, 10)))
            changed_on = self.day_between((became or buyer.joined_on) + 30 * DAY, latest)
            representative = next(
                (c["name"] for c in buyer.contacts if c["is_advisory_committee_representative"]), contact
            )
            template = VERIFIED_EVIDENCE.get(code, "Seen and checked by staff on {date}.")
            evidence = template.format(
                year=changed_on.year, programme=programme, contact=representative, date=f"{written(changed_on)}"
            )
            if rng.random() < 0.25:
                review_by = self.next_review(changed_on, years=2)
        else:
            start = (became or buyer.joined_on) + 30 * DAY
            end = buyer.downgrade[1] - 30 * DAY if buyer.downgrade else latest
            changed_on = self.day_between(max(start, end - 200 * DAY), end)
            factory = buyer.breach_factory
            if code == codes.NO_DROPPING_FACTORIES and factory:
                changed_on = max(changed_on, next(r[2] for r in buyer.sourcings if r[0] == factory.os_id))
            source = (
                Source.FACTORY_FEEDBACK
                if code in (codes.STOP_AUDITING, codes.NO_FEE_CHARGE_BACK)
                else Source.CALL_NOTE
            )
            template = BREACHED_EVIDENCE.get(code, "Staff found the commitment not kept; see the call note.")
            evidence = template.format(
                factory=factory.name if factory else "A supplier",
                date=f"{written(changed_on - 12 * DAY)}",
                programme=programme,
            )
            review_by = REFERENCE_DATE + rng.randint(-20, 45) * DAY
        return {
            "state": state,
            "source": source,
            "evidence": evidence,
            "changed_by": buyer.focal_point,
            "changed_at": moment(min(changed_on, latest), rng.randint(7, 17), rng.randint(0, 59)),
            "review_by": review_by,
        }

    def snapshot(self, buyer: PlannedBuyer, at: datetime.datetime) -> list[dict]:
        """Return the checklist as it stood at *at*, in the form of
        ``partnerships.services.checklist_snapshot``.

        A record changed later is shown as it was: affirmed in the signed
        agreement for a required commitment of a partner (approval needs
        every one), otherwise not yet.
        """
        became = buyer.became_partner
        lines = []
        for code, title, level in self.commitments:
            record = buyer.records[code]
            state, evidence, changed_at = record["state"], record["evidence"], record["changed_at"]
            if changed_at > at:
                if became and became <= at.date() and level == Commitment.Level.REQUIRED:
                    signed_on = buyer.agreement_signed_on
                    state = State.AFFIRMED
                    evidence = f"Confirmed in the partnership agreement signed on {written(signed_on)}."
                    changed_at = moment(signed_on)
                else:
                    state, evidence, changed_at = State.NOT_YET, "", None
            lines.append(
                {
                    "code": code,
                    "title": title,
                    "level": level,
                    "state": str(state),
                    "evidence": evidence,
                    "changed_at": changed_at.isoformat() if changed_at else None,
                }
            )
        return lines

    def plan_decisions(self, buyer: PlannedBuyer) -> None:
        """Record the tier decisions behind *buyer*'s tier: an approval for
        every partner (on its partner-since day), then a downgrade or a
        declined application where the kind says so."""
        rng = self.rng
        decider = buyer.focal_point or FOCAL_POINTS[0][0]
        Tier, Outcome = PartnershipDecision.Tier, PartnershipDecision.Outcome

        def decide(at, from_tier, to_tier, outcome, rationale):
            buyer.decisions.append(
                {
                    "from_tier": from_tier,
                    "to_tier": to_tier,
                    "outcome": outcome,
                    "rationale": rationale,
                    "checklist_snapshot": self.snapshot(buyer, at),
                    "decided_by": decider,
                    "decided_at": at,
                }
            )

        if buyer.became_partner:
            representative = next(
                (c["name"] for c in buyer.contacts if c["is_advisory_committee_representative"]), None
            )
            rationale = "All required commitments affirmed in the signed partnership agreement"
            rationale += f"; {representative} nominated to the Advisory Committee." if representative else "."
            at = moment(buyer.became_partner, 14, rng.randint(0, 59))
            decide(at, Tier.PARTICIPANT, Tier.PARTNER, Outcome.APPROVED, rationale)
        if buyer.downgrade:
            breached = next(c for c, r in buyer.records.items() if r["state"] == State.BREACHED)
            rationale = (
                f"Breached: {self.titles[breached].rstrip('.')}. No remediation after two follow-up calls; "
                "stays engaged as a participant and may ask to be reinstated."
            )
            at = moment(buyer.downgrade[1], 15, rng.randint(0, 59))
            decide(at, Tier.PARTNER, Tier.PARTICIPANT, Outcome.DOWNGRADED, rationale)
        if buyer.kind == "declined":
            missing = [
                self.titles[code].rstrip(".")
                for code in self.required
                if buyer.records[code]["state"] == State.NOT_YET
            ]
            rationale = "Not yet affirmed: " + "; ".join(missing[:3]) + ". Welcome to apply again."
            at = moment(self.day_between(buyer.joined_on, REFERENCE_DATE - 30 * DAY), 11)
            decide(at, Tier.PARTICIPANT, Tier.PARTICIPANT, Outcome.DECLINED, rationale)

    # Signups --------------------------------------------------------------
