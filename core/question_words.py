"""The words the English question rules read (core/questions_en.py): which verbs ask nothing alone, which objects
are a person, a thing or an amount, which adjectives take "what … of/to". One home for each list."""
from __future__ import annotations

# The parse's subject relations, and the entity labels that name a place ("Where …?").
SUBJECT_DEPS = ("nsubj", "nsubjpass")
WHERE_ENTS = {"GPE", "LOC", "FAC"}
WANTING = {"want", "like", "love", "hope", "plan", "try", "decide", "agree", "learn", "prefer", "need", "refuse", "hate", "wish", "intend"}
# "What do you have?" asks nothing: these verbs only mean something with their object.
VAGUE_VERBS = {"have", "get", "make", "do", "take", "tell", "consider", "become", "keep", "give", "find", "see", "use", "put", "join",
               "hold", "leave", "head", "lead", "spend", "begin", "start", "stop", "continue", "try", "go", "come", "help",
               # a hand's doings, whose "What did you …?" nobody asks ("turned the key", "filled a notebook")
               "turn", "fill", "ring", "hit", "grab", "push", "pull", "carry", "throw", "catch", "drop", "open", "close",
               "set", "lay", "raise", "lift", "pick", "touch", "shake", "wave", "sign", "mark", "cut", "pass", "change"}
# Adjectives whose prepositional object is a thing one asks "what" about ("afraid of", "interested in").
ABOUT_ADJECTIVES = {"afraid", "scared", "terrified", "frightened", "interested", "fond", "proud", "ashamed", "jealous",
                    "allergic", "famous", "known", "capable", "aware", "keen", "passionate", "worried", "obsessed", "skilled",
                    "good", "bad", "responsible", "tired", "sick", "curious", "nervous", "excited", "addicted", "devoted"}
# Verbs whose "to X" is a place, whatever the tagger makes of X ("moves to Hearthstead").
MOTION = {"move", "go", "travel", "return", "come", "relocate", "emigrate", "flee", "sail", "walk", "ride", "drive", "fly"}
# What one knows or does with a language, a code or an instrument: "knows Morse", "speaks Welsh" name no person.
SKILLS = {"know", "speak", "read", "write", "learn", "study", "teach", "play", "sing", "use", "translate", "master"}
NO_YES_NO = {"become", "consider", "begin", "start", "continue", "try", "go", "come", "get", "find", "see", "tell"}
# "Tell me about your weather log": only after verbs whose object is something the character has or made.
MAKING = {"have", "own", "keep", "write", "build", "run", "open", "found", "carry", "wear", "collect", "play", "teach",
          "make", "paint", "cook", "draw", "bake", "publish", "design", "invent", "compose", "record", "sing",
          "pilot", "fly", "drive", "sail", "steer", "ride"}  # one pilots a thing, never a person ("was piloting the Meteor")
VAGUE_NOUNS = {"path", "way", "response", "time", "part", "thing", "life", "role", "fact", "kind", "lot", "number",
               "year", "day", "place", "one", "attention", "interest", "chance", "end", "rest", "name", "order", "side"}
# "Who is your father?" but "What is your affiliation?": the subject noun says whether a person answers.
PEOPLE_NOUNS = {"father", "mother", "parent", "brother", "sister", "sibling", "son", "daughter", "child", "husband",
                "wife", "spouse", "partner", "friend", "mentor", "teacher", "master", "ally", "rival", "enemy", "boss",
                "uncle", "aunt", "cousin", "grandfather", "grandmother", "fiancé", "fiancée", "lover", "companion",
                "apprentice", "student", "guardian", "colleague", "captain", "employer", "idol", "hero", "nemesis", "dad", "mum", "mom"}
THING_NOUNS = {"name", "nickname", "title", "alias", "surname", "affiliation", "occupation", "job", "nationality", "height",
               "colour", "color", "status", "race", "species", "gender", "age", "weight", "religion", "weapon", "class"}
# An object that is only a quantity of something else ("spend most of the season"): no question names it.
QUANTIFIERS = {"most", "some", "all", "part", "much", "many", "half", "none", "lot", "rest", "majority", "each", "any",
               "few", "several", "both", "one", "more", "less"}
# Verbs whose object is a person whatever noun names them ("met a Bond villain"): "Who did you meet?", never "What".
PERSON_VERBS = {"meet", "marry", "date", "befriend", "divorce", "kiss", "hire", "interview", "mentor", "idolise", "idolize"}
# Verbs whose object needs its complement ("called the experience 'the only schooling I had'"): asked without
# it, the question is broken ("Did you call the experience?").
COMPLEMENT_VERBS = {"call", "consider", "regard", "label", "dub", "term", "deem"}
# A passive that is something that happens to a person: "Have you ever been stabbed?" reads well; "...educated?" not.
EXPERIENCES = {"stab", "arrest", "injure", "wound", "imprison", "exile", "kidnap", "shoot", "betray", "rob", "attack",
               "capture", "jail", "fire", "sack", "banish", "poison", "curse", "bite", "knight", "decorate", "award"}
AMOUNT_ENTS = {"DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"}
