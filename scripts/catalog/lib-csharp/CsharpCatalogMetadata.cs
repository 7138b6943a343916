// Prints the public API of .NET reference assemblies as JSON, for scripts/catalog/csharp.mjs.
// Usage: CsharpCatalogMetadata --include <regex on full type names> <ref dir>...
// Output: { "<ref dir>": [ { id, kind, docId, signature, assembly } ... ] } with C#-style signatures (short type
// names, no default values) and XML-documentation ids so the generator can attach <summary> text.
using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

var include = new Regex("^System\\.Threading\\.");
var dirs = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--include") include = new Regex(args[++i]);
    else dirs.Add(args[i]);
}
if (dirs.Count == 0)
{
    Console.Error.WriteLine("usage: CsharpCatalogMetadata [--include regex] <ref dir>...");
    return 2;
}

var result = new SortedDictionary<string, List<Item>>(StringComparer.Ordinal);
foreach (var dir in dirs)
{
    var items = new List<Item>();
    foreach (var dll in Directory.GetFiles(dir, "*.dll").OrderBy(f => f, StringComparer.Ordinal))
    {
        using var stream = File.OpenRead(dll);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata) continue;
        var reader = pe.GetMetadataReader();
        new AssemblyWalker(reader, Path.GetFileNameWithoutExtension(dll), include, items).Walk();
    }
    result[dir] = items;
}
Console.Out.Write(JsonSerializer.Serialize(result, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
return 0;

// Base: a class's base class, Type: a property's or field's type, both in documentation-id form (`System.Threading.Tasks.TaskFactory`,
// `System.Threading.Tasks.Task{System.Int32}`), so the catalog can link a type to its base and a value to its type.
record Item(string Id, string Kind, string DocId, string Signature, string Assembly, string? Obsolete = null, string? Base = null, string? Type = null);

sealed record GenericContext(string[] TypeParameters, string[] MethodParameters);

/// <summary>Renders signature types either as C# (short names, keywords) or as XML documentation ids.</summary>
sealed class TypeNameProvider(bool docId) : ISignatureTypeProvider<string, GenericContext>
{
    static readonly Dictionary<PrimitiveTypeCode, string> Keywords = new()
    {
        [PrimitiveTypeCode.Boolean] = "bool", [PrimitiveTypeCode.Byte] = "byte", [PrimitiveTypeCode.SByte] = "sbyte",
        [PrimitiveTypeCode.Char] = "char", [PrimitiveTypeCode.Int16] = "short", [PrimitiveTypeCode.UInt16] = "ushort",
        [PrimitiveTypeCode.Int32] = "int", [PrimitiveTypeCode.UInt32] = "uint", [PrimitiveTypeCode.Int64] = "long",
        [PrimitiveTypeCode.UInt64] = "ulong", [PrimitiveTypeCode.Single] = "float", [PrimitiveTypeCode.Double] = "double",
        [PrimitiveTypeCode.IntPtr] = "nint", [PrimitiveTypeCode.UIntPtr] = "nuint", [PrimitiveTypeCode.Object] = "object",
        [PrimitiveTypeCode.String] = "string", [PrimitiveTypeCode.Void] = "void", [PrimitiveTypeCode.TypedReference] = "TypedReference",
    };

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => docId ? "System." + typeCode : Keywords[typeCode];

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
    {
        var def = reader.GetTypeDefinition(handle);
        var name = reader.GetString(def.Name);
        var declaring = def.GetDeclaringType();
        if (!declaring.IsNil) return GetTypeFromDefinition(reader, declaring, 0) + "." + Display(name);
        var ns = reader.GetString(def.Namespace);
        if (!docId && ns == "System" && Aliases.TryGetValue(name, out var keyword)) return keyword;
        return docId ? Qualify(ns, name) : StripArity(name);
    }

    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
    {
        var r = reader.GetTypeReference(handle);
        var name = reader.GetString(r.Name);
        if (r.ResolutionScope.Kind == HandleKind.TypeReference)
            return GetTypeFromReference(reader, (TypeReferenceHandle)r.ResolutionScope, 0) + "." + Display(name);
        var ns = reader.GetString(r.Namespace);
        if (!docId && ns == "System" && Aliases.TryGetValue(name, out var keyword)) return keyword;
        return docId ? Qualify(ns, name) : StripArity(name);
    }

    // System.Object and friends reached through a type reference (base types, generic arguments) read as keywords.
    static readonly Dictionary<string, string> Aliases = new()
    {
        ["Object"] = "object", ["String"] = "string", ["Boolean"] = "bool", ["Int32"] = "int", ["Int64"] = "long",
        ["Double"] = "double", ["Void"] = "void",
    };

    public string GetTypeFromSpecification(MetadataReader reader, GenericContext context, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, context);

    public string GetSZArrayType(string elementType) => elementType + "[]";
    public string GetArrayType(string elementType, ArrayShape shape) =>
        docId ? elementType + "[" + string.Join(",", Enumerable.Repeat("0:", shape.Rank)) + "]" : elementType + "[" + new string(',', shape.Rank - 1) + "]";
    public string GetByReferenceType(string elementType) => docId ? elementType + "@" : "ref " + elementType;
    public string GetPointerType(string elementType) => elementType + "*";
    public string GetPinnedType(string elementType) => elementType;
    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
    public string GetFunctionPointerType(MethodSignature<string> signature) =>
        "delegate*<" + string.Join(", ", signature.ParameterTypes.Append(signature.ReturnType)) + ">";

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
    {
        var open = docId ? "{" : "<";
        var close = docId ? "}" : ">";
        var separator = docId ? "," : ", ";
        // Nullable<T> reads better as T? in C#.
        if (!docId && genericType == "Nullable" && typeArguments.Length == 1) return typeArguments[0] + "?";
        if (docId && genericType.Contains('`')) genericType = Regex.Replace(genericType, "`\\d+", "");
        return genericType + open + string.Join(separator, typeArguments) + close;
    }

    public string GetGenericTypeParameter(GenericContext context, int index) => docId ? "`" + index : context.TypeParameters[index];
    public string GetGenericMethodParameter(GenericContext context, int index) => docId ? "``" + index : context.MethodParameters[index];

    string Display(string name) => docId ? name : StripArity(name);
    static string Qualify(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;
    public static string StripArity(string name) { var tick = name.IndexOf('`'); return tick < 0 ? name : name[..tick]; }
}

sealed class AssemblyWalker(MetadataReader reader, string assembly, Regex include, List<Item> items)
{
    readonly TypeNameProvider cs = new(docId: false);
    readonly TypeNameProvider doc = new(docId: true);

    public void Walk()
    {
        foreach (var handle in reader.TypeDefinitions)
        {
            var def = reader.GetTypeDefinition(handle);
            if (!IsVisible(def)) continue;
            var fullName = FullName(handle, withTypeParameters: false);
            if (!include.IsMatch(fullName)) continue;
            WalkType(handle, def);
        }
    }

    bool IsVisible(TypeDefinition def)
    {
        var visibility = def.Attributes & TypeAttributes.VisibilityMask;
        if (visibility == TypeAttributes.Public) return true;
        if (visibility is TypeAttributes.NestedPublic or TypeAttributes.NestedFamily or TypeAttributes.NestedFamORAssem)
            return IsVisible(reader.GetTypeDefinition(def.GetDeclaringType()));
        return false;
    }

    /// <summary>System.Threading.Tasks.Task&lt;TResult&gt; (or without the type parameters); nested types joined by '.'.</summary>
    string FullName(TypeDefinitionHandle handle, bool withTypeParameters)
    {
        var def = reader.GetTypeDefinition(handle);
        var name = TypeNameProvider.StripArity(reader.GetString(def.Name));
        var declaring = def.GetDeclaringType();
        var prefix = declaring.IsNil ? reader.GetString(def.Namespace) : FullName(declaring, withTypeParameters);
        var own = OwnTypeParameters(def, declaring);
        if (withTypeParameters && own.Length > 0) name += "<" + string.Join(", ", own) + ">";
        return prefix.Length == 0 ? name : prefix + "." + name;
    }

    /// <summary>Type parameters a nested type adds to those of its declaring types (metadata repeats them).</summary>
    string[] OwnTypeParameters(TypeDefinition def, TypeDefinitionHandle declaring)
    {
        var all = TypeParameters(def);
        var inherited = declaring.IsNil ? 0 : TypeParameters(reader.GetTypeDefinition(declaring)).Length;
        return all.Skip(inherited).ToArray();
    }

    string[] TypeParameters(TypeDefinition def) =>
        def.GetGenericParameters().Select(h => reader.GetString(reader.GetGenericParameter(h).Name)).ToArray();

    string DocTypeName(TypeDefinitionHandle handle) => doc.GetTypeFromDefinition(reader, handle, 0);

    string DecodeEntity(EntityHandle handle, TypeNameProvider provider, GenericContext context) => handle.Kind switch
    {
        HandleKind.TypeDefinition => provider.GetTypeFromDefinition(reader, (TypeDefinitionHandle)handle, 0),
        HandleKind.TypeReference => provider.GetTypeFromReference(reader, (TypeReferenceHandle)handle, 0),
        HandleKind.TypeSpecification => provider.GetTypeFromSpecification(reader, context, (TypeSpecificationHandle)handle, 0),
        _ => "?",
    };

    string AttributeTypeName(CustomAttributeHandle handle)
    {
        var attribute = reader.GetCustomAttribute(handle);
        EntityHandle parent = attribute.Constructor.Kind switch
        {
            HandleKind.MemberReference => reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent,
            HandleKind.MethodDefinition => reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType(),
            _ => default,
        };
        if (parent.Kind == HandleKind.TypeReference)
        {
            var r = reader.GetTypeReference((TypeReferenceHandle)parent);
            return reader.GetString(r.Namespace) + "." + reader.GetString(r.Name);
        }
        if (parent.Kind == HandleKind.TypeDefinition)
        {
            var d = reader.GetTypeDefinition((TypeDefinitionHandle)parent);
            return reader.GetString(d.Namespace) + "." + reader.GetString(d.Name);
        }
        return "";
    }

    bool HasAttribute(CustomAttributeHandleCollection attributes, string fullName) =>
        attributes.Any(a => AttributeTypeName(a) == fullName);

    /// <summary>The message of an [Obsolete] attribute ("" when it has none), or null when there is no such attribute.</summary>
    string? ObsoleteMessage(CustomAttributeHandleCollection attributes)
    {
        foreach (var handle in attributes)
        {
            if (AttributeTypeName(handle) != "System.ObsoleteAttribute") continue;
            var blob = reader.GetBlobReader(reader.GetCustomAttribute(handle).Value);
            if (blob.Length < 4 || blob.ReadUInt16() != 1) return "";
            // With the (string) constructors the first fixed argument is a SerString; with () it is the named count 0,
            // which reads as an empty string.
            return blob.ReadSerializedString() ?? "";
        }
        return null;
    }

    void WalkType(TypeDefinitionHandle handle, TypeDefinition def)
    {
        var id = FullName(handle, withTypeParameters: true);
        var typeParameters = TypeParameters(def);
        var context = new GenericContext(typeParameters, []);
        var baseType = def.BaseType.IsNil ? "" : DecodeEntity(def.BaseType, doc, context);
        var attributes = def.Attributes;
        // A ref struct carries a compiler-emitted [Obsolete] that only stops old compilers from using it.
        var isByRefLike = HasAttribute(def.GetCustomAttributes(), "System.Runtime.CompilerServices.IsByRefLikeAttribute");
        string kind;
        string keyword;
        if ((attributes & TypeAttributes.Interface) != 0) { kind = "interface"; keyword = "interface"; }
        else if (baseType == "System.Enum") { kind = "enum"; keyword = "enum"; }
        else if (baseType == "System.ValueType")
        {
            kind = "struct";
            keyword = (HasAttribute(def.GetCustomAttributes(), "System.Runtime.CompilerServices.IsReadOnlyAttribute") ? "readonly " : "")
                + (isByRefLike ? "ref " : "") + "struct";
        }
        else if (baseType == "System.MulticastDelegate") { kind = "type"; keyword = "delegate"; }
        else
        {
            kind = "class";
            var isStatic = (attributes & TypeAttributes.Abstract) != 0 && (attributes & TypeAttributes.Sealed) != 0;
            keyword = isStatic ? "static class" : (attributes & TypeAttributes.Abstract) != 0 ? "abstract class" : (attributes & TypeAttributes.Sealed) != 0 ? "sealed class" : "class";
        }
        var typeAccess = (attributes & TypeAttributes.VisibilityMask) is TypeAttributes.NestedFamily or TypeAttributes.NestedFamORAssem ? "protected" : "public";
        var declaredName = TypeNameProvider.StripArity(reader.GetString(def.Name));
        var own = OwnTypeParameters(def, def.GetDeclaringType());
        var genericPart = own.Length == 0 ? "" : "<" + string.Join(", ", def.GetGenericParameters().Skip(typeParameters.Length - own.Length).Select(h =>
        {
            var p = reader.GetGenericParameter(h);
            var variance = (p.Attributes & GenericParameterAttributes.VarianceMask) switch
            {
                GenericParameterAttributes.Covariant => "out ",
                GenericParameterAttributes.Contravariant => "in ",
                _ => "",
            };
            return variance + reader.GetString(p.Name);
        })) + ">";
        string declaration;
        if (keyword == "delegate")
        {
            var invoke = def.GetMethods().Select(reader.GetMethodDefinition).First(m => reader.GetString(m.Name) == "Invoke");
            var sig = invoke.DecodeSignature(cs, context);
            declaration = $"{typeAccess} delegate {sig.ReturnType} {declaredName}{genericPart}({Parameters(invoke, sig)})";
        }
        else
        {
            var bases = new List<string>();
            if (kind == "class" && !def.BaseType.IsNil)
            {
                var b = DecodeEntity(def.BaseType, cs, context);
                if (b != "object") bases.Add(b);
            }
            if (kind != "enum") bases.AddRange(def.GetInterfaceImplementations().Select(i => DecodeEntity(reader.GetInterfaceImplementation(i).Interface, cs, context)));
            declaration = $"{typeAccess} {keyword} {declaredName}{genericPart}" + (bases.Count > 0 ? " : " + string.Join(", ", bases) : "");
        }
        var docType = DocTypeName(handle);
        items.Add(new Item(id, kind, "T:" + docType, declaration, assembly, isByRefLike ? null : ObsoleteMessage(def.GetCustomAttributes()),
            Base: kind is "class" or "struct" or "enum" && baseType != "" ? baseType : null));
        if (kind == "type") return; // a delegate's Invoke/BeginInvoke are not API one calls by name

        foreach (var mh in def.GetMethods())
        {
            var m = reader.GetMethodDefinition(mh);
            var memberAccess = MemberAccess(m.Attributes);
            if (memberAccess is null) continue;
            var name = reader.GetString(m.Name);
            var isCtor = name == ".ctor";
            if (name == ".cctor") continue;
            if ((m.Attributes & MethodAttributes.SpecialName) != 0 && !isCtor && !name.StartsWith("op_")) continue; // accessors
            var methodTypeParameters = m.GetGenericParameters().Select(h => reader.GetString(reader.GetGenericParameter(h).Name)).ToArray();
            var mContext = new GenericContext(typeParameters, methodTypeParameters);
            var sig = m.DecodeSignature(cs, mContext);
            var docSig = m.DecodeSignature(doc, mContext);
            var docId = "M:" + docType + "." + (isCtor ? "#ctor" : name) + (methodTypeParameters.Length > 0 ? "``" + methodTypeParameters.Length : "")
                + (docSig.ParameterTypes.Length > 0 ? "(" + string.Join(",", docSig.ParameterTypes) + ")" : "")
                + (name is "op_Implicit" or "op_Explicit" ? "~" + docSig.ReturnType : "");
            var generic = methodTypeParameters.Length > 0 ? "<" + string.Join(", ", methodTypeParameters) + ">" : "";
            var modifiers = memberAccess + ((m.Attributes & MethodAttributes.Static) != 0 ? " static" : "")
                + (kind != "interface" && (m.Attributes & MethodAttributes.Abstract) != 0 ? " abstract" : "");
            if (isCtor)
            {
                items.Add(new Item(id, "constructor", docId, $"{memberAccess} {declaredName}({Parameters(m, sig)})", assembly));
                continue;
            }
            items.Add(new Item(id + "." + name, "method", docId, $"{modifiers} {sig.ReturnType} {name}{generic}({Parameters(m, sig)})", assembly, ObsoleteMessage(m.GetCustomAttributes())));
        }
        foreach (var ph in def.GetProperties())
        {
            var p = reader.GetPropertyDefinition(ph);
            var accessors = p.GetAccessors();
            var getter = accessors.Getter.IsNil ? (MethodDefinition?)null : reader.GetMethodDefinition(accessors.Getter);
            var setter = accessors.Setter.IsNil ? (MethodDefinition?)null : reader.GetMethodDefinition(accessors.Setter);
            var access = getter is { } g && MemberAccess(g.Attributes) is { } ga ? ga : setter is { } s && MemberAccess(s.Attributes) is { } sa ? sa : null;
            if (access is null) continue;
            var any = (getter ?? setter)!.Value;
            var name = reader.GetString(p.Name);
            var sig = p.DecodeSignature(cs, context);
            var docSig = p.DecodeSignature(doc, context);
            var isStatic = (any.Attributes & MethodAttributes.Static) != 0;
            var parts = (getter is { } gg && MemberAccess(gg.Attributes) is not null ? "get; " : "") + (setter is { } ss && MemberAccess(ss.Attributes) is not null ? (IsInitOnly(ss) ? "init; " : "set; ") : "");
            var indexer = sig.ParameterTypes.Length > 0;
            var display = indexer ? "this[" + string.Join(", ", sig.ParameterTypes) + "]" : name;
            var docId = "P:" + docType + "." + name + (indexer ? "(" + string.Join(",", docSig.ParameterTypes) + ")" : "");
            items.Add(new Item(id + "." + name, "property", docId, $"{access}{(isStatic ? " static" : "")} {sig.ReturnType} {display} {{ {parts}}}", assembly, ObsoleteMessage(p.GetCustomAttributes()),
                Type: indexer ? null : docSig.ReturnType));
        }
        foreach (var fh in def.GetFields())
        {
            var f = reader.GetFieldDefinition(fh);
            var fa = f.Attributes & FieldAttributes.FieldAccessMask;
            var access = fa == FieldAttributes.Public ? "public" : fa is FieldAttributes.Family or FieldAttributes.FamORAssem ? "protected" : null;
            if (access is null || (f.Attributes & FieldAttributes.SpecialName) != 0) continue;
            var name = reader.GetString(f.Name);
            var type = f.DecodeSignature(cs, context);
            var isConst = (f.Attributes & FieldAttributes.Literal) != 0;
            var modifiers = isConst ? " const" : ((f.Attributes & FieldAttributes.Static) != 0 ? " static" : "") + ((f.Attributes & FieldAttributes.InitOnly) != 0 ? " readonly" : "");
            var signature = kind == "enum" ? $"{declaredName}.{name}" : $"{access}{modifiers} {type} {name}";
            items.Add(new Item(id + "." + name, isConst ? "constant" : "property", "F:" + docType + "." + name, signature, assembly, ObsoleteMessage(f.GetCustomAttributes()),
                Type: f.DecodeSignature(doc, context)));
        }
        foreach (var eh in def.GetEvents())
        {
            var e = reader.GetEventDefinition(eh);
            var adder = e.GetAccessors().Adder;
            if (adder.IsNil) continue;
            var addMethod = reader.GetMethodDefinition(adder);
            var access = MemberAccess(addMethod.Attributes);
            if (access is null) continue;
            var name = reader.GetString(e.Name);
            var isStatic = (addMethod.Attributes & MethodAttributes.Static) != 0;
            items.Add(new Item(id + "." + name, "event", "E:" + docType + "." + name, $"{access}{(isStatic ? " static" : "")} event {DecodeEntity(e.Type, cs, context)} {name}", assembly, ObsoleteMessage(e.GetCustomAttributes())));
        }
    }

    bool IsInitOnly(MethodDefinition setter)
    {
        // init accessors carry modreq(IsExternalInit) on the return type; the signature blob keeps it.
        var blob = reader.GetBlobReader(setter.Signature);
        var decoder = new SignatureDecoder<string, GenericContext>(new ModifierSniffer(), reader, new GenericContext([], []));
        var header = blob.ReadSignatureHeader();
        if (header.IsGeneric) blob.ReadCompressedInteger();
        blob.ReadCompressedInteger(); // parameter count
        return decoder.DecodeType(ref blob).Contains("IsExternalInit");
    }

    static string? MemberAccess(MethodAttributes attributes) => (attributes & MethodAttributes.MemberAccessMask) switch
    {
        MethodAttributes.Public => "public",
        MethodAttributes.Family or MethodAttributes.FamORAssem => "protected",
        _ => null,
    };

    string Parameters(MethodDefinition method, MethodSignature<string> sig)
    {
        var names = new string[sig.ParameterTypes.Length];
        var prefixes = new string[sig.ParameterTypes.Length];
        foreach (var ph in method.GetParameters())
        {
            var p = reader.GetParameter(ph);
            if (p.SequenceNumber == 0 || p.SequenceNumber > names.Length) continue; // 0 is the return value
            var i = p.SequenceNumber - 1;
            names[i] = reader.GetString(p.Name);
            var custom = p.GetCustomAttributes();
            if (HasAttribute(custom, "System.ParamArrayAttribute") || HasAttribute(custom, "System.Runtime.CompilerServices.ParamCollectionAttribute")) prefixes[i] = "params ";
            else if (sig.ParameterTypes[i].StartsWith("ref ") && (p.Attributes & ParameterAttributes.Out) != 0) prefixes[i] = "out";
            else if (sig.ParameterTypes[i].StartsWith("ref ") && HasAttribute(custom, "System.Runtime.CompilerServices.IsReadOnlyAttribute")) prefixes[i] = "in";
            else if (sig.ParameterTypes[i].StartsWith("ref ") && HasAttribute(custom, "System.Runtime.CompilerServices.RequiresLocationAttribute")) prefixes[i] = "ref readonly";
            if (i == 0 && HasAttribute(method.GetCustomAttributes(), "System.Runtime.CompilerServices.ExtensionAttribute")) prefixes[i] = "this " + (prefixes[i] ?? "");
        }
        var parts = new List<string>();
        for (var i = 0; i < names.Length; i++)
        {
            var type = sig.ParameterTypes[i];
            var prefix = prefixes[i] ?? "";
            if (prefix.TrimEnd().EndsWith("out") || prefix.TrimEnd().EndsWith("in") || prefix.TrimEnd().EndsWith("ref readonly"))
            {
                type = prefix.TrimEnd() + " " + type["ref ".Length..];
                prefix = "";
            }
            parts.Add(prefix + type + (names[i] is null ? "" : " " + names[i]));
        }
        return string.Join(", ", parts);
    }
}

/// <summary>Keeps modifier names, so an init-only setter (modreq IsExternalInit) can be recognised.</summary>
sealed class ModifierSniffer : ISignatureTypeProvider<string, GenericContext>
{
    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeDefinition(handle).Name);
    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeReference(handle).Name);
    public string GetTypeFromSpecification(MetadataReader reader, GenericContext context, TypeSpecificationHandle handle, byte rawTypeKind) => "spec";
    public string GetSZArrayType(string elementType) => elementType;
    public string GetArrayType(string elementType, ArrayShape shape) => elementType;
    public string GetByReferenceType(string elementType) => elementType;
    public string GetPointerType(string elementType) => elementType;
    public string GetPinnedType(string elementType) => elementType;
    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => modifier + " " + unmodifiedType;
    public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";
    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType;
    public string GetGenericTypeParameter(GenericContext context, int index) => "T";
    public string GetGenericMethodParameter(GenericContext context, int index) => "M";
}
