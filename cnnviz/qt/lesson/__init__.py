"""Views of the lesson mode: the narration panel, the caption bar of presentation mode
and the "Record step" dialog. Views only: :mod:`cnnviz.app.lesson_controller` fills them."""
