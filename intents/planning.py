"""Planning within a workout: "mark this set complete" (the routine's next planned set, done as
planned) and "add bench press to my workout" / "squats next" (the lift the next sets are of,
without logging one).

Both read the clause with its exercise (if any) written as "X" and no numbers but a count of sets.
Fillers are gone by now: "let's do rows next" reads "do X next", "put squats next" reads "X next".
"""

from __future__ import annotations

import re

from intents.commands import Command, CompleteSet, PlanExercise
from intents.numbers import Tok

_SET = r"(?:(?:this|that|the|my|current|last|next|planned|first) )*set"
_DONE = r"(?:complete|completed|done|finished|checked off|checked)"
_COMPLETE_FORMS = (
    # "mark this set complete", "mark it as done", "mark 2 sets done", "mark both sets as complete"
    rf"(?:mark|flag)(?: (?:it|this|that|this 1|that 1|{_SET}|(?:\d+|both) sets))?(?: as)? {_DONE}",
    # "check that off", "tick it off", "check off the set", "cross off 2 sets"
    rf"(?:check|tick|cross)(?: (?:it|this|that|this 1|that 1|{_SET}|(?:\d+|both) sets))? off",
    rf"(?:check|tick|cross) off (?:it|this|that|this 1|that 1|{_SET}|(?:\d+|both) sets)",
    # "that set is done", "set complete", "this one's done as planned"
    rf"(?:{_SET}|this 1|that 1|this ones|that ones)(?: is| s)? {_DONE}(?: as planned)?",  # "this one's done"
    # "done with that set", "finished the set", "completed the planned set", "did that set as planned"
    r"(?:i am |we are )?(?:done|finished|through) with (?:this|that|the|my)(?: current| planned| next)? set",
    r"(?:i |we )?(?:finished|completed|did|done) (?:this|that|the|my)(?: current| planned| next)? set(?: as planned)?",
    r"(?:i |we )?(?:did (?:it|that|them)|done|finished|completed|hit it|got it) as planned",
    r"complete (?:the |this |that )?(?:current |next |planned )?set",
)
COMPLETE = re.compile(rf"^(?:(?:and|then|go ahead and|can you|please) )*(?:{'|'.join(_COMPLETE_FORMS)})$")

_WORKOUT = r"(?:workout|session|routine|list|plan|program|day|training)"
_PLAN_FORMS = (
    # "(add) bench press to my workout", "(put) squats on the list next"
    rf"X (?:to|in|into|onto|on) (?:(?:my|the|this|todays|today s|our) )?{_WORKOUT}(?: next| too| as well| now)?",
    # "squats next", "(let's) do rows next", "I'm doing deadlifts next", "bench is up next"
    r"(?:(?:i am|i will|i ll|ill|we are|we will|we ll|i want to|want to|going to|gonna) )*"
    r"(?:(?:do|doing|hit|hitting|go|going|to) )?X(?: is| are)? (?:next|up next|coming up|after this)",
    # "next up squats", "next is bench", "next I'm doing rows", "up next: deadlifts"
    r"(?:next|up next|next up|next exercise|next lift)(?: is| are| will be| comes| i am doing| i will do| i ll do"
    r"| we are doing| we do| do| doing| going to do| i want to do)? X",
    # "moving on to squats", "switching to deadlifts", "on to bench", "time for rows", "starting curls"
    r"(?:(?:i am|we are) )?(?:moving on|move on|moving|move|switching|switch|going|heading|jumping|jump|on|over)"
    r"(?: over| on)? (?:to|onto) X(?: now| next)?",
    r"onto X(?: now| next)?",
    r"(?:time for|time to do|starting|start|starting with|start with|begin|beginning|begin with|start on"
    r"|starting on|starting off with) X(?: now| next)?",
    # "(let's) do squats", "doing bench now", "I'll do curls"
    r"(?:(?:i am|i will|i ll|ill|we are|we will|going to|gonna) )*(?:do|doing) X(?: now)?",
)
PLAN = re.compile(rf"^(?:(?:and|then|now|alright|right) )*(?:{'|'.join(_PLAN_FORMS)})$")


def complete_set(text: str, toks: list[Tok]) -> Command | None:
    m = COMPLETE.search(text)
    if not m:
        return None
    count = re.search(r"\b(\d+|both) sets\b", text)
    n = 2 if count and count.group(1) == "both" else int(count.group(1)) if count else 1
    return CompleteSet(count=n) if 1 <= n <= 10 else None


def plan_exercise(text: str, toks: list[Tok]) -> Command | None:
    """A lift named with a word of what comes next, and no set of it said."""
    named = [t for t in toks if t.slug or t.options]
    if len(named) != 1 or any(t.num is not None for t in toks):
        return None
    shape = " ".join("X" if (t.slug or t.options) else t.text for t in toks if t.text not in (",", "."))
    if not PLAN.search(shape):
        return None
    return PlanExercise(exercise=named[0].slug)  # an ambiguous name ("rows") asks which (see the parser)
