"""The machine learning behind the suggestions, free of Django: texts and label sets in, scores out.

Everything here is trained from the tracker's own data and the SDG texts shipped with it; nothing is
downloaded at run time. The Django side (``assistance.suggesters``) reads the database, calls these
classes and stores what they learn.
"""
