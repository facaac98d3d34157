namespace Sluice.Kubernetes.Client;

/// <summary>The type of one watch event. ERROR events are raised as exceptions, never yielded.</summary>
public enum WatchEventType
{
    Added,
    Modified,
    Deleted,

    /// <summary>Only metadata.resourceVersion of the object is meaningful.</summary>
    Bookmark,
}
