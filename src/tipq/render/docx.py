from tipq.render.base import Renderer


class DocxRenderer(Renderer):
    name = "docx"
    description = "a Word document (.docx)"
    suffix = ".docx"
    binary = True
