"""Small helpers over pydantic model classes, shared by the loaders and the fact registry."""

from __future__ import annotations

from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, Field

# A name heads a report and every page's footer: a title, not a document. (The longest built-in
# knowledge-base name has 138 characters; a 20,000-character one once took a review 2 minutes.)
MAX_NAME_CHARS = 200
Name = Annotated[str, Field(max_length=MAX_NAME_CHARS)]


def model_in(annotation: Any, through_containers: bool = True) -> type[BaseModel] | None:
    """The pydantic model inside a field annotation (`Cathode | None` -> Cathode), or None.

    With `through_containers=False`, a list, dict or tuple of models counts as a plain value.
    """
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if not through_containers and get_origin(annotation) in (list, dict, tuple):
        return None
    for arg in get_args(annotation):
        found = model_in(arg, through_containers)
        if found is not None:
            return found
    return None
