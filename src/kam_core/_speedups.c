/*
 * kam_core._speedups: BANT's per-lead evaluation loop in C (private, optional).
 *
 * kam_core.policies.qualification compiles every Bant policy to Python closures and,
 * when this module is importable, to a BantRunner over the very same caches, judges and
 * grader.  The Python closure `run_facts` in Bant._compile is the specification; this
 * file is the same algorithm, step for step:
 *
 *     role = facts.authority, else lead.contact.buying_role
 *     b = the budget result, cached by amount (minimum's currency) or by Money
 *     a = roles[role];  n = needs[facts.need]
 *     t = the timeline result, cached by days from as_of to facts.decision_date
 *     graded = memo[(b.level, a.level, n.level, t.level)], else grade(levels)
 *     Decision(graded[0], graded[1], (b, a, n, t), graded[2],
 *              b.reasons + a.reasons + n.reasons + t.reasons + graded[3],
 *              ref, as_of, subject)
 *
 * A cache miss calls back into the Python judges and grader, so every criterion result,
 * reason and verdict is built by Python code; C only looks them up and assembles the
 * Decision.  The test suite runs the BANT tests on both paths, and a hypothesis property
 * checks that they decide alike.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <datetime.h>
#include <stddef.h>
#ifndef Py_T_OBJECT_EX /* Python 3.11 spells the member flags in structmember.h */
#include <structmember.h>
#define Py_T_OBJECT_EX T_OBJECT_EX
#define Py_READONLY READONLY
#endif

#define N_FIELDS 8   /* Decision: outcome, score, criteria, missing, reasons, policy, as_of, subject */
#define N_GRADED 625 /* 5**4 combinations of four levels, each 0-3 or unknown */

typedef struct {
    PyObject_HEAD
    vectorcallfunc vectorcall;
    PyTypeObject *decision_type;
    Py_ssize_t fields[N_FIELDS]; /* offsets of Decision's slots, in field order */
    PyTypeObject *criterion_type;
    Py_ssize_t level_at, reasons_at; /* offsets of CriterionResult.level and .reasons */
    PyTypeObject *lead_type, *facts_type; /* pydantic models read without __getattr__ */
    PyObject *budgets;          /* dict: Decimal amount (minimum's currency) -> result */
    PyObject *other_budgets;    /* dict: Money -> result */
    PyObject *budget_judge;     /* callable(money) -> result, caching it */
    PyObject *budget_unknown;
    PyObject *currency;         /* str: the minimum's currency ("" without a minimum) */
    PyObject *roles;            /* dict: BuyingRole | None -> result */
    PyObject *needs;            /* dict: NeedLevel | None -> result */
    PyObject *days_cache;       /* dict: int days -> result */
    PyObject *timeline_judge;   /* callable(days, when) -> result, caching it */
    PyObject *timeline_unknown;
    PyObject *memo;             /* dict: levels tuple -> (outcome, score, missing, reasons) */
    PyObject *grade;            /* callable(levels) -> the same 4-tuple, memoising it */
    PyObject *ref;              /* the policy's PolicyRef */
    PyObject *graded[N_GRADED]; /* grade's answers by level combination, filled on use */
} BantRunner;

static PyObject *str_bant, *str_id, *str_authority, *str_contact, *str_buying_role,
    *str_budget, *str_currency, *str_amount, *str_need, *str_decision_date, *str_days;

/* ------------------------------------------------------------------------------------ */
/* reading objects                                                                       */

/* obj.name, new reference.  Lead and BantFacts are pydantic models: their only getattr
 * override is pydantic's __getattr__, which Python consults only when normal lookup
 * fails.  Normal lookup is tried first without that hook; a miss takes the full path. */
static PyObject *
get_attr(BantRunner *self, PyObject *obj, PyObject *name)
{
    PyTypeObject *type = Py_TYPE(obj);
    if (type == self->lead_type || type == self->facts_type) {
        PyObject *found = PyObject_GenericGetAttr(obj, name);
        if (found != NULL || !PyErr_ExceptionMatches(PyExc_AttributeError)) {
            return found;
        }
        PyErr_Clear();
    }
    return PyObject_GetAttr(obj, name);
}

/* a CriterionResult's slot at `offset`, borrowed; NULL with an error if unset */
static PyObject *
result_slot(BantRunner *self, PyObject *result, Py_ssize_t offset, const char *name)
{
    if (Py_TYPE(result) != self->criterion_type) {
        PyErr_Format(PyExc_TypeError, "a BANT judge returned %.100s, not CriterionResult",
                     Py_TYPE(result)->tp_name);
        return NULL;
    }
    PyObject *value = *(PyObject **)((char *)result + offset);
    if (value == NULL) {
        PyErr_Format(PyExc_AttributeError, "CriterionResult.%s is not set", name);
    }
    return value;
}

/* a borrowed reference to table[key]; NULL with KeyError (or the lookup's error) set */
static PyObject *
lookup(PyObject *table, PyObject *key)
{
    PyObject *found = PyDict_GetItemWithError(table, key);
    if (found == NULL && !PyErr_Occurred()) {
        PyErr_SetObject(PyExc_KeyError, key);
    }
    return found;
}

/* ------------------------------------------------------------------------------------ */
/* dates: whole days between two exact `date`s without building a timedelta             */

static const int days_before_month[13] = {0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

static long
ordinal(int y, int m, int d)
{
    long y1 = (long)y - 1;
    int leap = (y % 4 == 0) && (y % 100 != 0 || y % 400 == 0);
    return y1 * 365 + y1 / 4 - y1 / 100 + y1 / 400 + days_before_month[m] + (m > 2 && leap) + d;
}

/* (when - as_of).days as a Python int, new reference */
static PyObject *
days_between(PyObject *when, PyObject *as_of)
{
    if (PyDate_CheckExact(when) && PyDate_CheckExact(as_of)) {
        long days = ordinal(PyDateTime_GET_YEAR(when), PyDateTime_GET_MONTH(when),
                            PyDateTime_GET_DAY(when)) -
                    ordinal(PyDateTime_GET_YEAR(as_of), PyDateTime_GET_MONTH(as_of),
                            PyDateTime_GET_DAY(as_of));
        return PyLong_FromLong(days);
    }
    PyObject *delta = PyNumber_Subtract(when, as_of); /* subclasses: Python's own rules */
    if (delta == NULL) {
        return NULL;
    }
    PyObject *days = PyObject_GetAttr(delta, str_days);
    Py_DECREF(delta);
    return days;
}

/* ------------------------------------------------------------------------------------ */
/* the four criteria                                                                     */

/* the budget criterion's result, new reference */
static PyObject *
judge_budget(BantRunner *self, PyObject *facts)
{
    PyObject *money = get_attr(self, facts, str_budget);
    if (money == NULL) {
        return NULL;
    }
    if (money == Py_None) {
        Py_DECREF(money);
        return Py_NewRef(self->budget_unknown);
    }
    PyObject *found = NULL;
    PyObject *currency = PyObject_GetAttr(money, str_currency);
    if (currency == NULL) {
        goto done;
    }
    int same = PyObject_RichCompareBool(currency, self->currency, Py_EQ);
    Py_DECREF(currency);
    if (same < 0) {
        goto done;
    }
    if (same) {
        PyObject *amount = PyObject_GetAttr(money, str_amount);
        if (amount == NULL) {
            goto done;
        }
        found = PyDict_GetItemWithError(self->budgets, amount);
        Py_DECREF(amount);
    }
    else {
        found = PyDict_GetItemWithError(self->other_budgets, money);
    }
    if (found != NULL) {
        Py_INCREF(found);
    }
    else if (!PyErr_Occurred()) {
        found = PyObject_CallOneArg(self->budget_judge, money);
    }
done:
    Py_DECREF(money);
    return found;
}

/* the authority criterion's result, new reference */
static PyObject *
judge_authority(BantRunner *self, PyObject *facts, PyObject *lead)
{
    PyObject *role = get_attr(self, facts, str_authority);
    if (role == NULL) {
        return NULL;
    }
    if (role == Py_None && lead != Py_None) {
        PyObject *contact = get_attr(self, lead, str_contact);
        if (contact == NULL) {
            Py_DECREF(role);
            return NULL;
        }
        if (contact != Py_None) {
            Py_DECREF(role);
            role = PyObject_GetAttr(contact, str_buying_role);
        }
        Py_DECREF(contact);
        if (role == NULL) {
            return NULL;
        }
    }
    PyObject *found = Py_XNewRef(lookup(self->roles, role));
    Py_DECREF(role);
    return found;
}

/* the need criterion's result, new reference */
static PyObject *
judge_need(BantRunner *self, PyObject *facts)
{
    PyObject *need = get_attr(self, facts, str_need);
    if (need == NULL) {
        return NULL;
    }
    PyObject *found = Py_XNewRef(lookup(self->needs, need));
    Py_DECREF(need);
    return found;
}

/* the timeline criterion's result, new reference */
static PyObject *
judge_timeline(BantRunner *self, PyObject *facts, PyObject *as_of)
{
    PyObject *when = get_attr(self, facts, str_decision_date);
    if (when == NULL) {
        return NULL;
    }
    if (when == Py_None) {
        Py_DECREF(when);
        return Py_NewRef(self->timeline_unknown);
    }
    PyObject *found = NULL;
    PyObject *days = days_between(when, as_of);
    if (days != NULL) {
        found = PyDict_GetItemWithError(self->days_cache, days);
        if (found != NULL) {
            Py_INCREF(found);
        }
        else if (!PyErr_Occurred()) {
            PyObject *args[2] = {days, when};
            found = PyObject_Vectorcall(self->timeline_judge, args, 2, NULL);
        }
        Py_DECREF(days);
    }
    Py_DECREF(when);
    return found;
}

/* ------------------------------------------------------------------------------------ */
/* grading and the Decision                                                              */

/* the grader's (outcome, score, missing, reasons) for the four results, new reference */
static PyObject *
graded_of(BantRunner *self, PyObject *const *results)
{
    PyObject *levels[4];
    Py_ssize_t key = 0; /* base-5 digits: level 0-3, or 4 for unknown; -1 if unusual */
    for (Py_ssize_t i = 0; i < 4; i++) {
        levels[i] = result_slot(self, results[i], self->level_at, "level");
        if (levels[i] == NULL) {
            return NULL;
        }
        long digit = 4;
        if (levels[i] != Py_None) {
            digit = PyLong_CheckExact(levels[i]) ? PyLong_AsLong(levels[i]) : -1;
            if (digit < 0 || digit > 3) {
                PyErr_Clear(); /* an overflow only means "not 0-3" here */
                key = -1;
            }
        }
        if (key >= 0) {
            key = key * 5 + digit;
        }
    }
    if (key >= 0 && self->graded[key] != NULL) {
        return Py_NewRef(self->graded[key]);
    }
    PyObject *tuple = PyTuple_New(4);
    if (tuple == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < 4; i++) {
        PyTuple_SET_ITEM(tuple, i, Py_NewRef(levels[i]));
    }
    PyObject *graded = PyDict_GetItemWithError(self->memo, tuple);
    if (graded != NULL) {
        Py_INCREF(graded);
    }
    else if (!PyErr_Occurred()) {
        graded = PyObject_CallOneArg(self->grade, tuple);
    }
    Py_DECREF(tuple);
    if (graded == NULL) {
        return NULL;
    }
    if (!PyTuple_CheckExact(graded) || PyTuple_GET_SIZE(graded) != 4) {
        Py_DECREF(graded);
        PyErr_SetString(PyExc_TypeError, "the BANT grader must return a 4-tuple");
        return NULL;
    }
    if (key >= 0 && self->graded[key] == NULL) {
        self->graded[key] = Py_NewRef(graded);
    }
    return graded;
}

/* b.reasons + a.reasons + n.reasons + t.reasons + tail, new reference */
static PyObject *
reasons_of(BantRunner *self, PyObject *const *results, PyObject *tail)
{
    PyObject *parts[5];
    Py_ssize_t total = 0;
    for (Py_ssize_t i = 0; i < 5; i++) {
        parts[i] = i < 4 ? result_slot(self, results[i], self->reasons_at, "reasons") : tail;
        if (parts[i] == NULL) {
            return NULL;
        }
        if (!PyTuple_CheckExact(parts[i])) {
            PyErr_SetString(PyExc_TypeError, "BANT reasons must be tuples");
            return NULL;
        }
        total += PyTuple_GET_SIZE(parts[i]);
    }
    PyObject *out = PyTuple_New(total);
    if (out == NULL) {
        return NULL;
    }
    Py_ssize_t at = 0;
    for (Py_ssize_t i = 0; i < 5; i++) {
        for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(parts[i]); j++) {
            PyTuple_SET_ITEM(out, at++, Py_NewRef(PyTuple_GET_ITEM(parts[i], j)));
        }
    }
    return out;
}

/* a Decision with its slots filled in field order, as object.__new__ plus each slot's
 * __set__ would (the Python path's way); the values are already valid */
static PyObject *
make_decision(BantRunner *self, PyObject *const *values)
{
    PyTypeObject *type = self->decision_type;
    PyObject *decision = type->tp_alloc(type, 0);
    if (decision == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < N_FIELDS; i++) {
        *(PyObject **)((char *)decision + self->fields[i]) = Py_NewRef(values[i]);
    }
    return decision;
}

/* the Decision about `facts` (and `lead`'s contact, unless lead is None), new reference */
static PyObject *
decide(BantRunner *self, PyObject *facts, PyObject *lead, PyObject *as_of, PyObject *subject)
{
    PyObject *results[4] = {NULL, NULL, NULL, NULL}; /* budget, authority, need, timeline */
    PyObject *graded = NULL, *criteria = NULL, *reasons = NULL, *decision = NULL;
    if ((results[0] = judge_budget(self, facts)) == NULL ||
        (results[1] = judge_authority(self, facts, lead)) == NULL ||
        (results[2] = judge_need(self, facts)) == NULL ||
        (results[3] = judge_timeline(self, facts, as_of)) == NULL ||
        (graded = graded_of(self, results)) == NULL ||
        (reasons = reasons_of(self, results, PyTuple_GET_ITEM(graded, 3))) == NULL ||
        (criteria = PyTuple_New(4)) == NULL) {
        goto done;
    }
    for (Py_ssize_t i = 0; i < 4; i++) {
        PyTuple_SET_ITEM(criteria, i, Py_NewRef(results[i]));
    }
    PyObject *values[N_FIELDS] = {
        PyTuple_GET_ITEM(graded, 0), PyTuple_GET_ITEM(graded, 1), criteria,
        PyTuple_GET_ITEM(graded, 2), reasons, self->ref, as_of, subject,
    };
    decision = make_decision(self, values);
done:
    for (Py_ssize_t i = 0; i < 4; i++) {
        Py_XDECREF(results[i]);
    }
    Py_XDECREF(graded);
    Py_XDECREF(reasons);
    Py_XDECREF(criteria);
    return decision;
}

/* ------------------------------------------------------------------------------------ */
/* calling                                                                               */

/* 0 if the call may go on: the arguments are positional and the runner is intact */
static int
callable_with(BantRunner *self, const char *what, Py_ssize_t expected, Py_ssize_t nargs,
              PyObject *kwnames)
{
    if (nargs != expected || (kwnames != NULL && PyTuple_GET_SIZE(kwnames) != 0)) {
        PyErr_Format(PyExc_TypeError, "%s takes %zd positional arguments", what, expected);
        return -1;
    }
    if (self->ref == NULL) { /* cleared by the garbage collector while in a dead cycle */
        PyErr_SetString(PyExc_RuntimeError, "this BantRunner was cleared");
        return -1;
    }
    return 0;
}

/* runner(lead, as_of) -> Decision: Bant.evaluate */
static PyObject *
runner_vectorcall(PyObject *op, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    BantRunner *self = (BantRunner *)op;
    if (callable_with(self, "BantRunner", 2, PyVectorcall_NARGS(nargsf), kwnames) < 0) {
        return NULL;
    }
    PyObject *lead = args[0], *decision = NULL;
    PyObject *facts = get_attr(self, lead, str_bant);
    if (facts == NULL) {
        return NULL;
    }
    PyObject *subject = get_attr(self, lead, str_id);
    if (subject != NULL) {
        decision = decide(self, facts, lead, args[1], subject);
        Py_DECREF(subject);
    }
    Py_DECREF(facts);
    return decision;
}

/* runner.facts(facts, lead, as_of, subject) -> Decision: Bant.evaluate_facts */
static PyObject *
runner_facts(PyObject *op, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    if (callable_with((BantRunner *)op, "BantRunner.facts", 4, nargs, kwnames) < 0) {
        return NULL;
    }
    return decide((BantRunner *)op, args[0], args[1], args[2], args[3]);
}

static PyMethodDef runner_methods[] = {
    {"facts", (PyCFunction)(void (*)(void))runner_facts, METH_FASTCALL | METH_KEYWORDS,
     PyDoc_STR("facts(facts, lead, as_of, subject) -> Decision")},
    {NULL, NULL, 0, NULL},
};

/* ------------------------------------------------------------------------------------ */
/* construction                                                                          */

/* the offset of the writable object slot `name` defined by `type` itself */
static Py_ssize_t
slot_offset(PyTypeObject *type, const char *name)
{
#if PY_VERSION_HEX >= 0x030C0000
    PyObject *namespace = PyType_GetDict(type); /* tp_dict is NULL for builtins from 3.12 */
#else
    PyObject *namespace = Py_XNewRef(type->tp_dict);
#endif
    Py_ssize_t offset = -1;
    PyObject *descr = namespace ? PyDict_GetItemString(namespace, name) : NULL;
    if (descr != NULL && Py_IS_TYPE(descr, &PyMemberDescr_Type)) {
        PyMemberDef *member = ((PyMemberDescrObject *)descr)->d_member;
        if (member->type == Py_T_OBJECT_EX && !(member->flags & Py_READONLY)) {
            offset = member->offset;
        }
    }
    Py_XDECREF(namespace);
    if (offset < 0) {
        PyErr_Format(PyExc_TypeError, "%.100s.%s is not a writable object slot",
                     type->tp_name, name);
    }
    return offset;
}

/* 0 if `type`'s __getattribute__ is object's (pydantic adds only __getattr__) */
static int
plain_getattribute(PyTypeObject *type)
{
    PyObject *mine = PyObject_GetAttrString((PyObject *)type, "__getattribute__");
    PyObject *base = PyObject_GetAttrString((PyObject *)&PyBaseObject_Type, "__getattribute__");
    int same = mine != NULL && mine == base;
    Py_XDECREF(mine);
    Py_XDECREF(base);
    if (!same) {
        PyErr_Format(PyExc_TypeError, "%.100s overrides __getattribute__", type->tp_name);
        return -1;
    }
    return 0;
}

static const char *const decision_fields[N_FIELDS] = {
    "outcome", "score", "criteria", "missing", "reasons", "policy", "as_of", "subject",
};

static PyObject *
runner_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *keywords[] = {
        "decision_type", "criterion_type", "lead_type", "facts_type", "budgets",
        "other_budgets", "budget_judge", "budget_unknown", "currency", "roles", "needs",
        "days_cache", "timeline_judge", "timeline_unknown", "memo", "grade", "ref", NULL,
    };
    PyTypeObject *decision_type, *criterion_type, *lead_type, *facts_type;
    PyObject *budgets, *other_budgets, *budget_judge, *budget_unknown, *currency, *roles,
        *needs, *days_cache, *timeline_judge, *timeline_unknown, *memo, *grade, *ref;
    if (!PyArg_ParseTupleAndKeywords(
            args, kwds, "$O!O!O!O!O!O!OOUO!O!O!OOO!OO:BantRunner", keywords, &PyType_Type,
            &decision_type, &PyType_Type, &criterion_type, &PyType_Type, &lead_type,
            &PyType_Type, &facts_type, &PyDict_Type, &budgets, &PyDict_Type, &other_budgets,
            &budget_judge, &budget_unknown, &currency, &PyDict_Type, &roles, &PyDict_Type,
            &needs, &PyDict_Type, &days_cache, &timeline_judge, &timeline_unknown,
            &PyDict_Type, &memo, &grade, &ref)) {
        return NULL;
    }
    if (!PyCallable_Check(budget_judge) || !PyCallable_Check(timeline_judge) ||
        !PyCallable_Check(grade)) {
        PyErr_SetString(PyExc_TypeError, "budget_judge, timeline_judge and grade must be callable");
        return NULL;
    }
    if (plain_getattribute(lead_type) < 0 || plain_getattribute(facts_type) < 0) {
        return NULL;
    }
    Py_ssize_t fields[N_FIELDS];
    for (Py_ssize_t i = 0; i < N_FIELDS; i++) {
        if ((fields[i] = slot_offset(decision_type, decision_fields[i])) < 0) {
            return NULL;
        }
    }
    Py_ssize_t level_at = slot_offset(criterion_type, "level");
    Py_ssize_t reasons_at = level_at < 0 ? -1 : slot_offset(criterion_type, "reasons");
    if (reasons_at < 0) {
        return NULL;
    }
    BantRunner *self = (BantRunner *)type->tp_alloc(type, 0); /* zeroed: graded all NULL */
    if (self == NULL) {
        return NULL;
    }
    self->vectorcall = runner_vectorcall;
    memcpy(self->fields, fields, sizeof(fields));
    self->level_at = level_at;
    self->reasons_at = reasons_at;
    self->decision_type = (PyTypeObject *)Py_NewRef(decision_type);
    self->criterion_type = (PyTypeObject *)Py_NewRef(criterion_type);
    self->lead_type = (PyTypeObject *)Py_NewRef(lead_type);
    self->facts_type = (PyTypeObject *)Py_NewRef(facts_type);
    self->budgets = Py_NewRef(budgets);
    self->other_budgets = Py_NewRef(other_budgets);
    self->budget_judge = Py_NewRef(budget_judge);
    self->budget_unknown = Py_NewRef(budget_unknown);
    self->currency = Py_NewRef(currency);
    self->roles = Py_NewRef(roles);
    self->needs = Py_NewRef(needs);
    self->days_cache = Py_NewRef(days_cache);
    self->timeline_judge = Py_NewRef(timeline_judge);
    self->timeline_unknown = Py_NewRef(timeline_unknown);
    self->memo = Py_NewRef(memo);
    self->grade = Py_NewRef(grade);
    self->ref = Py_NewRef(ref);
    return (PyObject *)self;
}

#define FOR_EACH_REFERENCE(VISIT)                                                             \
    do {                                                                                      \
        VISIT(self->decision_type);                                                           \
        VISIT(self->criterion_type);                                                          \
        VISIT(self->lead_type);                                                               \
        VISIT(self->facts_type);                                                              \
        VISIT(self->budgets);                                                                 \
        VISIT(self->other_budgets);                                                           \
        VISIT(self->budget_judge);                                                            \
        VISIT(self->budget_unknown);                                                          \
        VISIT(self->currency);                                                                \
        VISIT(self->roles);                                                                   \
        VISIT(self->needs);                                                                   \
        VISIT(self->days_cache);                                                              \
        VISIT(self->timeline_judge);                                                          \
        VISIT(self->timeline_unknown);                                                        \
        VISIT(self->memo);                                                                    \
        VISIT(self->grade);                                                                   \
        VISIT(self->ref);                                                                     \
        for (Py_ssize_t i = 0; i < N_GRADED; i++) {                                           \
            VISIT(self->graded[i]);                                                           \
        }                                                                                     \
    } while (0)

static int
runner_traverse(BantRunner *self, visitproc visit, void *arg)
{
    FOR_EACH_REFERENCE(Py_VISIT);
    return 0;
}

static int
runner_clear(BantRunner *self)
{
    FOR_EACH_REFERENCE(Py_CLEAR);
    return 0;
}

static void
runner_dealloc(BantRunner *self)
{
    PyObject_GC_UnTrack(self);
    runner_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyTypeObject BantRunnerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "kam_core._speedups.BantRunner",
    .tp_doc = PyDoc_STR("BANT's evaluation loop over a compiled Bant's caches (private)."),
    .tp_basicsize = sizeof(BantRunner),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_new = runner_new,
    .tp_dealloc = (destructor)runner_dealloc,
    .tp_traverse = (traverseproc)runner_traverse,
    .tp_clear = (inquiry)runner_clear,
    .tp_call = PyVectorcall_Call,
    .tp_vectorcall_offset = offsetof(BantRunner, vectorcall),
    .tp_methods = runner_methods,
};

static struct PyModuleDef speedups_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "kam_core._speedups",
    .m_doc = PyDoc_STR("Optional C accelerator of kam_core's BANT evaluation (private)."),
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    PyDateTime_IMPORT;
    if (PyDateTimeAPI == NULL) {
        return NULL;
    }
    struct {
        PyObject **slot;
        const char *text;
    } names[] = {
        {&str_bant, "bant"}, {&str_id, "id"}, {&str_authority, "authority"},
        {&str_contact, "contact"}, {&str_buying_role, "buying_role"}, {&str_budget, "budget"},
        {&str_currency, "currency"}, {&str_amount, "amount"}, {&str_need, "need"},
        {&str_decision_date, "decision_date"}, {&str_days, "days"},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        *names[i].slot = PyUnicode_InternFromString(names[i].text);
        if (*names[i].slot == NULL) {
            return NULL;
        }
    }
    if (PyType_Ready(&BantRunnerType) < 0) {
        return NULL;
    }
    PyObject *module = PyModule_Create(&speedups_module);
    if (module == NULL) {
        return NULL;
    }
    if (PyModule_AddObjectRef(module, "BantRunner", (PyObject *)&BantRunnerType) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
