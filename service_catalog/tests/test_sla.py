"""The Citizen's Charter clock: working days, Philippine holidays, pauses."""

from datetime import date

from service_catalog import sla


def test_due_date_skips_the_holy_week_holidays_and_the_weekend():
    # Wed 16 April 2025: Maundy Thursday and Good Friday are holidays, then a weekend.
    assert sla.due_on(submitted_on=date(2025, 4, 16), working_days=3) == date(2025, 4, 23)


def test_due_date_skips_eid_al_adha():
    # Eid al-Adha fell on Friday 6 June 2025.
    assert sla.due_on(submitted_on=date(2025, 6, 4), working_days=3) == date(2025, 6, 10)


def test_paused_working_days_push_the_due_date_out():
    plain = sla.due_on(submitted_on=date(2025, 3, 3), working_days=7)
    paused = sla.due_on(submitted_on=date(2025, 3, 3), working_days=7, paused_working_days=2)
    assert (plain, paused) == (date(2025, 3, 12), date(2025, 3, 14))


def test_a_pause_over_a_weekend_counts_only_working_days():
    # Paused on Friday, resumed on Tuesday: Monday and Tuesday were waited.
    assert sla.paused_working_days(paused_on=date(2025, 3, 7), resumed_on=date(2025, 3, 11)) == 2


def test_states_of_the_clock():
    due = date(2025, 3, 12)
    assert sla.sla_state(due=due, today=date(2025, 3, 3)) == sla.SlaState.ON_TRACK
    assert sla.sla_state(due=due, today=date(2025, 3, 11)) == sla.SlaState.DUE_SOON
    assert sla.sla_state(due=due, today=date(2025, 3, 13)) == sla.SlaState.OVERDUE
    assert sla.sla_state(due=due, today=date(2025, 3, 13), paused=True) == sla.SlaState.PAUSED
    assert sla.sla_state(due=due, today=date(2025, 3, 20), resolved_on=date(2025, 3, 12)) == sla.SlaState.MET
    assert (
        sla.sla_state(due=due, today=date(2025, 3, 20), resolved_on=date(2025, 3, 13)) == sla.SlaState.MISSED
    )
