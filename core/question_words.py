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
# (nor "sends love to her husband": a bio's thanks, "Do you send love?")
NO_YES_NO = {"become", "consider", "begin", "start", "continue", "try", "go", "come", "get", "find", "see", "tell", "send", "thank"}
# "Tell me about your weather log": only after verbs whose object is something the character has or made.
MAKING = {"have", "own", "keep", "write", "build", "run", "open", "found", "carry", "wear", "collect", "play", "teach",
          "make", "paint", "cook", "draw", "bake", "publish", "design", "invent", "compose", "record", "sing",
          "pilot", "fly", "drive", "sail", "steer", "ride"}  # one pilots a thing, never a person ("was piloting the Meteor")
VAGUE_NOUNS = {"path", "way", "response", "time", "part", "thing", "life", "role", "fact", "kind", "lot", "number",
               "year", "day", "place", "one", "attention", "interest", "chance", "end", "rest", "name", "order", "side",
               "version", "copy", "sort", "type", "bit", "piece", "couple",  # "Have you knit a version?": of what
               "letter", "message", "note", "call", "visit", "word"}  # "Did you have a letter?": from whom
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
               "capture", "jail", "fire", "sack", "banish", "poison", "curse", "bite", "knight"}  # "awarded", "decorated": with what?
AMOUNT_ENTS = {"DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"}
# Verbs whose bare "What do you …?" is a question a person asks ("What do you teach?"); with any other verb the
# object carries the meaning ("turned the key", "answers the same four questions"), so none is made.
ASK_WHAT_VERBS = {"play", "study", "teach", "write", "build", "restore", "collect", "hate", "love", "like", "enjoy", "prefer",
                  "dislike", "fear", "miss", "trust", "distrust", "drive", "investigate", "inspect", "design", "publish", "record",
                  "translate", "read", "fix", "repair", "invent", "produce", "win", "earn", "buy", "purchase", "sell", "grow",
                  "cook", "bake", "paint", "draw", "compose", "ferment", "brew", "distil", "distill", "roast", "wear", "eat",
                  "drink", "run", "research", "edit", "direct", "coach", "manage", "breed", "carve", "sculpt", "knit", "sew",
                  "weave", "forge", "craft", "own", "speak", "learn", "steal", "found", "discover", "develop", "create",
                  "program", "code", "sing", "seek", "want", "need", "crave", "avoid", "guard", "protect", "command", "rule",
                  "hunt", "farm", "solve", "patent", "illustrate", "photograph", "film", "serve", "practise", "practice",
                  "import", "export", "bind", "print", "tune"}
# Verbs whose "Who do you …?" asks after a person the character has to do with ("Who did you marry?"); "Who did you
# receive?" or "Who have you completed?" is a tagger's person in a thing's place.
ASK_WHO_VERBS = PERSON_VERBS | {"love", "hate", "admire", "trust", "distrust", "suspect", "arrest", "visit", "help", "save", "rescue",
                                "protect", "serve", "train", "teach", "coach", "follow", "defeat", "kill", "fight", "chase", "hunt",
                                "adopt", "replace", "succeed", "betray", "support", "manage", "beat", "challenge", "employ",
                                "treat", "nurse", "raise", "fear", "respect", "envy", "resent", "blame", "forgive", "miss", "lose",
                                "accompany", "marry", "meet", "court", "woo", "idolise", "idolize", "represent", "advise"}
# Adjectives whose person or thing after "to", "with" or "for" is asked for ("Who are you married to?"), beside the
# ABOUT_ADJECTIVES; "What are you precise with?" asks nothing.
RELATION_ADJECTIVES = {"married", "engaged", "related", "loyal", "close", "attached", "indebted", "grateful", "faithful", "hostile",
                       "friendly", "good", "bad", "famous", "known", "responsible", "allergic", "sensitive", "immune"}
# Passives whose "as", "for" or "to" is what the question asks ("What are you known as?", "What were you arrested
# for?"); "What are you introduced as?" or "discussed as" asks about the writing, not the character.
ASK_PASSIVE_VERBS = {"know", "call", "nickname", "name", "remember", "praise", "hire", "pay", "arrest", "jail", "imprison",
                     "convict", "sentence", "fine", "award", "honour", "honor", "nominate", "train", "apprentice", "marry",
                     "engage", "promote", "elect", "appoint", "punish", "expel", "banish", "exile", "fire", "sack", "admire",
                     "celebrate", "criticise", "criticize", "famous", "renown", "recognise", "recognize"}
# Of those, the ones that are events, not states: asked in the past whatever the page's present ("is jailed for
# assault" in a plot summary: "What were you jailed for?").
EVENT_PASSIVES = ASK_PASSIVE_VERBS - {"know", "call", "nickname", "name", "remember", "pay", "famous", "renown", "admire"}
# A plot summary's present ("In series one, Marrow investigates…", "At the climax, she steals…") tells the story's past.
NARRATIVE_NOUNS = {"series", "season", "episode", "book", "chapter", "finale", "climax", "film", "novel", "sequel", "prequel", "arc",
                   "volume", "issue", "act", "epilogue", "prologue", "ending", "premiere", "pilot", "story", "storyline",
                   "installment", "instalment", "part", "game", "expansion", "dlc", "campaign", "quest", "movie", "comic"}
# A profile field's last word whose "What is your …?" or "Tell me about your …." reads as a person's question; any other
# label ("messages", "navigation", "wood", "seasons") is the site's or the work's, and no question is made of it.
FIELD_NOUNS = {"name", "nickname", "alias", "aliases", "title", "titles", "occupation", "job", "profession", "role", "height",
               "weight", "age", "birthday", "colour", "color", "race", "species", "class", "alignment", "background",
               "affiliation", "allegiance", "faction", "nationality", "hometown", "religion", "faith", "education", "school",
               "degree", "major", "weapon", "weapons", "skills", "powers", "abilities", "languages", "hobbies", "interests",
               "pets", "pet", "children", "kids", "siblings", "sign", "zodiac", "type", "motto", "catchphrase", "dish",
               "specialty", "speciality", "specialties", "instrument", "instruments", "position", "team", "rank", "pronouns",
               "gender", "likes", "dislikes", "fears", "goals", "strengths", "weaknesses", "order", "drink", "food", "quirks",
               "habits", "awards", "books", "films", "albums", "expertise", "field", "genre", "style", "home", "residence",
               "family", "partner", "spouse", "mentor", "rival", "mount", "familiar", "patron", "deity", "element", "ability",
               "power", "skill", "talent", "talents", "hobby", "interest", "superpower", "origin", "ethnicity", "heritage",
               "clan", "guild", "house", "company", "employer", "club", "unit", "regiment", "ship", "vehicle", "car", "fear",
               "dream", "goal", "ambition", "weakness", "strength", "secret", "wish", "idol", "hero", "surname", "breakthrough",
               "debut", "mater", "achievement", "accomplishment", "legacy", "trademark", "calling", "passion", "vice", "routine"}
# A news item's present for a one-off step ("X joins Cascadia Sound from Tidewater"): asked in the past, never "Do you join…?"
ONE_OFF_VERBS = {"join", "succeed", "retire", "resign", "marry", "found", "inherit", "graduate"}
