"""The search results pages, cached (pesnet.pagecache) under one generation for the whole
index: any entry written or deleted — a paragraph, an article, a document's extracted text, a
focal point — makes every cached results page stale. Entries change only when the content they
index does, in bulk (search.registry.reindex), so one bump covers a whole reindexing."""

from pesnet.cache import Generation, watch

INDEX = Generation("search:index")

watch("search.Entry", moves=[INDEX])
